// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

/// <summary>A group as DescribeGroups reports it (an unknown group is reported Dead with no error).</summary>
/// <remarks>
/// <para><c>State</c>: The state name exactly as Kafka reports it.</para>
/// <para><c>ProtocolData</c>: The selected protocol when Stable, else empty.</para>
/// </remarks>
public sealed record GroupDescription(
    KafkaErrorCode ErrorCode,
    string GroupId,
    string State,
    string ProtocolType,
    string ProtocolData,
    IReadOnlyList<GroupMemberDescription> Members);
