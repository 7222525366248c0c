// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>A committed offset as the group holds it (and <c>__consumer_offsets</c> stores it).</summary>
/// <remarks>
/// <para><c>LeaderEpoch</c>: -1 when the committer did not know it.</para>
/// <para><c>CommitTimestamp</c>: Unix milliseconds of the commit.</para>
/// </remarks>
public sealed record CommittedOffset(long Offset, int LeaderEpoch, string Metadata, long CommitTimestamp);
