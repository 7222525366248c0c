// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

/// <summary>The per-member outcome of a LeaveGroup (v3+).</summary>
public sealed record LeaveGroupMemberResult(string MemberId, string? GroupInstanceId, KafkaErrorCode ErrorCode);
