// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Network;

/// <summary>The outcome of dispatching one frame.</summary>
public readonly record struct FrameResult
{
    private FrameResult(FrameResultKind kind, ResponseBuffer? response, string? closeReason)
    {
        Kind = kind;
        Response = response;
        CloseReason = closeReason;
    }

    public FrameResultKind Kind { get; }

    /// <summary>The encoded response (header and body, no size prefix) when <see cref="Kind"/> is Respond; the transport disposes it.</summary>
    public ResponseBuffer? Response { get; }

    /// <summary>Why the connection is closed, for the log line.</summary>
    public string? CloseReason { get; }

    public static FrameResult NoResponse => new(FrameResultKind.NoResponse, null, null);

    public static FrameResult Respond(ResponseBuffer response) =>
        new(FrameResultKind.Respond, response ?? throw new ArgumentNullException(nameof(response)), null);

    public static FrameResult Close(string reason) => new(FrameResultKind.Close, null, reason);

    /// <summary>Sends <paramref name="response"/> as the connection's last frame, then closes it.</summary>
    public static FrameResult RespondAndClose(ResponseBuffer response, string reason) =>
        new(FrameResultKind.RespondAndClose, response ?? throw new ArgumentNullException(nameof(response)), reason);
}
