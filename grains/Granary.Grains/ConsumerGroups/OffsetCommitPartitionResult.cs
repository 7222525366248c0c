// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

/// <summary>The outcome of committing one partition.</summary>
public sealed record OffsetCommitPartitionResult(string Topic, int Partition, KafkaErrorCode ErrorCode);
