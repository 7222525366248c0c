// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

/// <summary>The answer to an OffsetDelete: a group-level error and one error per partition.</summary>
public sealed record OffsetDeleteResult(KafkaErrorCode ErrorCode, IReadOnlyList<OffsetCommitPartitionResult> Partitions);
