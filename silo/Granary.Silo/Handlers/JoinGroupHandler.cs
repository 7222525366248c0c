// Copyright (c) Granary contributors. Licensed under the MIT License.
// JoinGroup (API key 11), versions 0-9.
//   v0: no rebalance timeout (the session timeout is used). v1+ rebalance_timeout_ms. v4+: a member joining with an
//   empty id gets MEMBER_ID_REQUIRED and its new id, and must join again (KIP-394). v5+ group_instance_id (static
//   membership, KIP-345). v6+ flexible. v7+ protocol_type in the response. v8+ reason (logged by Kafka; ignored).
//   v9 skip_assignment (always false: the coordinator never assigns on the leader's behalf).
// The answer waits for the rebalance to complete, outside the group grain's turn, so other members keep joining.
// Errors: INVALID_GROUP_ID (empty id), INCONSISTENT_GROUP_PROTOCOL, INVALID_SESSION_TIMEOUT, UNKNOWN_MEMBER_ID,
// FENCED_INSTANCE_ID, GROUP_MAX_SIZE_REACHED, MEMBER_ID_REQUIRED (state machine); COORDINATOR_NOT_AVAILABLE when the
// group cannot be loaded.
using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class JoinGroupHandler : ApiHandler<JoinGroupRequest, JoinGroupResponse>
{
    private readonly IGrainFactory _grains;

    public JoinGroupHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.JoinGroup;

    public override short MinVersion => 0;

    public override short MaxVersion => 9;

    protected override async ValueTask<JoinGroupResponse?> HandleAsync(JoinGroupRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.GroupId.Length == 0)
        {
            return Error(KafkaErrorCode.InvalidGroupId, request.MemberId);
        }

        var data = new JoinGroupRequestData(
            context.ApiVersion,
            request.MemberId,
            context.ApiVersion >= 5 ? request.GroupInstanceId : null,
            context.ClientId ?? string.Empty,
            GroupCoordinatorCalls.ClientHost(context),
            request.SessionTimeoutMs,
            context.ApiVersion >= 1 && request.RebalanceTimeoutMs >= 0 ? request.RebalanceTimeoutMs : request.SessionTimeoutMs,
            request.ProtocolType,
            [.. request.Protocols.Select(p => new GroupProtocol(p.Name, p.Metadata.ToArray()))]);
        JoinGroupResult result;
        try
        {
            result = await _grains.GetConsumerGroupGrain(request.GroupId).JoinGroupAsync(data).ConfigureAwait(false);
        }
        catch (Exception exception) when (GroupCoordinatorCalls.IsUnavailable(exception))
        {
            return Error(KafkaErrorCode.CoordinatorNotAvailable, request.MemberId);
        }

        var response = new JoinGroupResponse
        {
            ErrorCode = (short)result.ErrorCode,
            GenerationId = result.GenerationId,
            ProtocolType = result.ProtocolType,
            ProtocolName = context.ApiVersion < 7 ? result.ProtocolName ?? string.Empty : result.ProtocolName,
            Leader = result.LeaderId,
            SkipAssignment = result.SkipAssignment,
            MemberId = result.MemberId,
        };
        foreach (var member in result.Members)
        {
            response.Members.Add(new JoinGroupResponse.JoinGroupResponseMember
            {
                MemberId = member.MemberId,
                GroupInstanceId = member.GroupInstanceId,
                Metadata = member.Metadata,
            });
        }

        return response;
    }

    private static JoinGroupResponse Error(KafkaErrorCode error, string memberId) => new()
    {
        ErrorCode = (short)error,
        GenerationId = -1,
        ProtocolName = string.Empty,
        Leader = string.Empty,
        MemberId = memberId,
    };
}
