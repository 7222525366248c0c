// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>An OffsetCommit for one group, as the handler decoded it.</summary>
public sealed record OffsetCommitRequestData(
    string MemberId,
    string? GroupInstanceId,
    int GenerationId,
    IReadOnlyList<OffsetCommitPartition> Partitions);
