// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>One partition of an OffsetCommit request.</summary>
/// <remarks>
/// <para><c>LeaderEpoch</c>: The leader epoch of the last consumed record, or -1.</para>
/// <para><c>Metadata</c>: Client metadata; null is stored as empty, as Kafka does.</para>
/// </remarks>
public sealed record OffsetCommitPartition(string Topic, int Partition, long Offset, int LeaderEpoch, string? Metadata);
