// Copyright (c) Granary contributors. Licensed under the MIT License.
// LeaveGroup (API key 13), versions 0-5.
//   v0-v2: one member_id; a member error becomes the top-level error. v1+ throttle. v3+: a batch of members with
//   group_instance_id (static members leave by instance id, KIP-345), each with its own error. v4+ flexible.
//   v5+ reason (ignored).
// Errors: INVALID_GROUP_ID, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID, COORDINATOR_NOT_AVAILABLE.
using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class LeaveGroupHandler : ApiHandler<LeaveGroupRequest, LeaveGroupResponse>
{
    private readonly IGrainFactory _grains;

    public LeaveGroupHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.LeaveGroup;

    public override short MinVersion => 0;

    public override short MaxVersion => 5;

    protected override async ValueTask<LeaveGroupResponse?> HandleAsync(LeaveGroupRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var version = context.ApiVersion;
        if (request.GroupId.Length == 0)
        {
            return new LeaveGroupResponse { ErrorCode = (short)KafkaErrorCode.InvalidGroupId };
        }

        IReadOnlyList<LeaveGroupMember> leaving = version >= 3
            ? [.. request.Members.Select(m => new LeaveGroupMember(m.MemberId, m.GroupInstanceId))]
            : [new LeaveGroupMember(request.MemberId, null)];
        LeaveGroupResult result;
        try
        {
            result = await _grains.GetConsumerGroupGrain(request.GroupId).LeaveGroupAsync(leaving).ConfigureAwait(false);
        }
        catch (Exception exception) when (GroupCoordinatorCalls.IsUnavailable(exception))
        {
            return new LeaveGroupResponse { ErrorCode = (short)KafkaErrorCode.CoordinatorNotAvailable };
        }

        var response = new LeaveGroupResponse { ErrorCode = (short)result.TopLevelErrorFor(version) };
        if (version >= 3)
        {
            foreach (var member in result.Members)
            {
                response.Members.Add(new LeaveGroupResponse.MemberResponse
                {
                    MemberId = member.MemberId,
                    GroupInstanceId = member.GroupInstanceId,
                    ErrorCode = (short)member.ErrorCode,
                });
            }
        }

        return response;
    }
}
