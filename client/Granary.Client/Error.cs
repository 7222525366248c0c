// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>An error code, a reason and whether it is fatal (Confluent's Error).</summary>
public class Error
{
    public Error(ErrorCode code)
        : this(code, null, false)
    {
    }

    public Error(ErrorCode code, string? reason)
        : this(code, reason, false)
    {
    }

    public Error(ErrorCode code, string? reason, bool isFatal)
    {
        Code = code;
        Reason = string.IsNullOrEmpty(reason) ? ErrorCodeText.Describe(code) : reason;
        IsFatal = isFatal;
    }

    public Error(Error error)
        : this(error.Code, error.Reason, error.IsFatal)
    {
    }

    public ErrorCode Code { get; }

    public bool IsFatal { get; }

    public string Reason { get; }

    public bool IsError => Code != ErrorCode.NoError;

    public bool IsLocalError => (int)Code < -1;

    public bool IsBrokerError => (int)Code > 0;

    public static implicit operator bool(Error e) => e.IsError;

    public static implicit operator ErrorCode(Error e) => e.Code;

    public static implicit operator Error(ErrorCode c) => new(c);

    public override bool Equals(object? obj) => obj is Error e && e.Code == Code;

    public override int GetHashCode() => Code.GetHashCode();

    public static bool operator ==(Error? a, Error? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(Error? a, Error? b) => !(a == b);

    public override string ToString() => string.IsNullOrEmpty(Reason) ? Code.ToString() : Reason;
}
