// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Client;

/// <summary>A partition number; <see cref="Any"/> (-1) lets the partitioner choose.</summary>
public readonly struct Partition : IEquatable<Partition>
{
    private const int RdKafkaPartitionUa = -1;

    public static readonly Partition Any = new(RdKafkaPartitionUa);

    public Partition(int partition) => Value = partition;

    public int Value { get; }

    public bool IsSpecial => Value == RdKafkaPartitionUa;

    public override bool Equals(object? obj) => obj is Partition other && Equals(other);

    public bool Equals(Partition other) => other.Value == Value;

    public static bool operator ==(Partition a, Partition b) => a.Equals(b);

    public static bool operator !=(Partition a, Partition b) => !a.Equals(b);

    public static bool operator >(Partition a, Partition b) => a.Value > b.Value;

    public static bool operator <(Partition a, Partition b) => a.Value < b.Value;

    public static bool operator >=(Partition a, Partition b) => a.Value >= b.Value;

    public static bool operator <=(Partition a, Partition b) => a.Value <= b.Value;

    public static implicit operator Partition(int v) => new(v);

    public static implicit operator int(Partition p) => p.Value;

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => Value == RdKafkaPartitionUa
        ? string.Create(CultureInfo.InvariantCulture, $"[Any]")
        : string.Create(CultureInfo.InvariantCulture, $"[{Value}]");
}
