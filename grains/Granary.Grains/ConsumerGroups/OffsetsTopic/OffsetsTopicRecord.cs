// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>A key/value record of the compacted <c>__consumer_offsets</c> topic; a null value is a tombstone.</summary>
public sealed record OffsetsTopicRecord(byte[] Key, byte[]? Value)
{
    public bool IsTombstone => Value is null;
}
