// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

/// <summary>One partition of an OffsetFetch answer; offset -1 and empty metadata when nothing was committed.</summary>
public sealed record OffsetFetchPartitionResult(
    string Topic,
    int Partition,
    long Offset,
    int LeaderEpoch,
    string Metadata,
    KafkaErrorCode ErrorCode);
