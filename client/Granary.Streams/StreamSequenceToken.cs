// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Granary.Streams;

/// <summary>
/// A position in a stream: the partition and offset of one record. It is the record's address in the log, so it is
/// the same on every redelivery (safe for deduplication) and can be stored (<see cref="ToString"/>/<see cref="Parse"/>
/// or System.Text.Json) and handed back to SubscribeAsync to rewind to that record.
/// </summary>
public sealed class StreamSequenceToken : IEquatable<StreamSequenceToken>, IComparable<StreamSequenceToken>
{
    [JsonConstructor]
    public StreamSequenceToken(int partition, long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Partition = partition;
        Offset = offset;
    }

    public int Partition { get; }

    public long Offset { get; }

    /// <summary>Orleans' name for the position within the queue: the offset.</summary>
    [JsonIgnore]
    public long SequenceNumber => Offset;

    /// <summary>Orleans' index within a batch; a Kafka record is its own event, so always 0.</summary>
    [JsonIgnore]
    public int EventIndex => 0;

    public static StreamSequenceToken Parse(string text) =>
        TryParse(text, out var token) ? token : throw new FormatException($"'{text}' is not a stream sequence token (expected partition:offset).");

    public static bool TryParse(string? text, [NotNullWhen(true)] out StreamSequenceToken? token)
    {
        token = null;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0
            || !int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            || !long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return false;
        }

        token = new StreamSequenceToken(partition, offset);
        return true;
    }

    /// <summary>Orders by partition, then offset; only tokens of one partition say anything about delivery order.</summary>
    public int CompareTo(StreamSequenceToken? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byPartition = Partition.CompareTo(other.Partition);
        return byPartition != 0 ? byPartition : Offset.CompareTo(other.Offset);
    }

    public bool Newer(StreamSequenceToken other) => CompareTo(other) > 0;

    public bool Older(StreamSequenceToken other) => CompareTo(other) < 0;

    public bool Equals(StreamSequenceToken? other) => other is not null && Partition == other.Partition && Offset == other.Offset;

    public override bool Equals(object? obj) => Equals(obj as StreamSequenceToken);

    public override int GetHashCode() => HashCode.Combine(Partition, Offset);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Partition}:{Offset}");

    public static bool operator ==(StreamSequenceToken? left, StreamSequenceToken? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(StreamSequenceToken? left, StreamSequenceToken? right) => !(left == right);

    public static bool operator <(StreamSequenceToken? left, StreamSequenceToken? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    public static bool operator >(StreamSequenceToken? left, StreamSequenceToken? right) => left is not null && left.CompareTo(right) > 0;

    public static bool operator <=(StreamSequenceToken? left, StreamSequenceToken? right) => !(left > right);

    public static bool operator >=(StreamSequenceToken? left, StreamSequenceToken? right) => !(left < right);
}
