// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Client;

/// <summary>A partition offset, with librdkafka's special (logical) values.</summary>
public readonly struct Offset : IEquatable<Offset>
{
    private const long RdKafkaOffsetBeginning = -2;
    private const long RdKafkaOffsetEnd = -1;
    private const long RdKafkaOffsetStored = -1000;
    private const long RdKafkaOffsetInvalid = -1001;

    public static readonly Offset Beginning = new(RdKafkaOffsetBeginning);
    public static readonly Offset End = new(RdKafkaOffsetEnd);
    public static readonly Offset Stored = new(RdKafkaOffsetStored);
    public static readonly Offset Unset = new(RdKafkaOffsetInvalid);

    public Offset(long offset) => Value = offset;

    public long Value { get; }

    /// <summary>True for Beginning, End, Stored and Unset (any of librdkafka's logical offsets).</summary>
    public bool IsSpecial => Value == RdKafkaOffsetBeginning || Value == RdKafkaOffsetEnd || Value == RdKafkaOffsetStored || Value == RdKafkaOffsetInvalid;

    public override bool Equals(object? obj) => obj is Offset other && Equals(other);

    public bool Equals(Offset other) => other.Value == Value;

    public static bool operator ==(Offset a, Offset b) => a.Equals(b);

    public static bool operator !=(Offset a, Offset b) => !a.Equals(b);

    public static bool operator >(Offset a, Offset b) => a.Value > b.Value;

    public static bool operator <(Offset a, Offset b) => a.Value < b.Value;

    public static bool operator >=(Offset a, Offset b) => a.Value >= b.Value;

    public static bool operator <=(Offset a, Offset b) => a.Value <= b.Value;

    public static Offset operator +(Offset a, int b) => new(a.Value + b);

    public static Offset operator +(Offset a, long b) => new(a.Value + b);

    public static implicit operator Offset(long v) => new(v);

    public static implicit operator long(Offset o) => o.Value;

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => Value switch
    {
        RdKafkaOffsetBeginning => string.Create(CultureInfo.InvariantCulture, $"Beginning [{RdKafkaOffsetBeginning}]"),
        RdKafkaOffsetEnd => string.Create(CultureInfo.InvariantCulture, $"End [{RdKafkaOffsetEnd}]"),
        RdKafkaOffsetStored => string.Create(CultureInfo.InvariantCulture, $"Stored [{RdKafkaOffsetStored}]"),
        RdKafkaOffsetInvalid => string.Create(CultureInfo.InvariantCulture, $"Unset [{RdKafkaOffsetInvalid}]"),
        _ => Value.ToString(CultureInfo.InvariantCulture),
    };
}
