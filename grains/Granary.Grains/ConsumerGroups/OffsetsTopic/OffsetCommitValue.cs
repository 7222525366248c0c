// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>Kafka's OffsetCommitValue (written as v3, read v0-v3).</summary>
/// <remarks>
/// <para><c>LeaderEpoch</c>: v3+; -1 when unknown or read from an older version.</para>
/// <para><c>ExpireTimestamp</c>: v1 only; -1 otherwise.</para>
/// </remarks>
public sealed record OffsetCommitValue(long Offset, int LeaderEpoch, string Metadata, long CommitTimestamp, long ExpireTimestamp = -1);
