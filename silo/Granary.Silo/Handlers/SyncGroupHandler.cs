// Copyright (c) Granary contributors. Licensed under the MIT License.
// SyncGroup (API key 14), versions 0-5.
//   v1+ throttle. v3+ group_instance_id. v4+ flexible. v5+ protocol_type/protocol_name in request and response
//   (a mismatch is INCONSISTENT_GROUP_PROTOCOL). The leader's assignments are handed to every member; a follower's
//   answer waits (outside the grain's turn) for the leader's SyncGroup. The answer is sent once the group metadata
//   the sync produced is durable in __consumer_offsets.
// Errors: INVALID_GROUP_ID, UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID,
// COORDINATOR_NOT_AVAILABLE.
using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class SyncGroupHandler : ApiHandler<SyncGroupRequest, SyncGroupResponse>
{
    private readonly IGrainFactory _grains;

    public SyncGroupHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.SyncGroup;

    public override short MinVersion => 0;

    public override short MaxVersion => 5;

    protected override async ValueTask<SyncGroupResponse?> HandleAsync(SyncGroupRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.GroupId.Length == 0)
        {
            return new SyncGroupResponse { ErrorCode = (short)KafkaErrorCode.InvalidGroupId };
        }

        var assignments = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var assignment in request.Assignments)
        {
            assignments[assignment.MemberId] = assignment.Assignment.ToArray();
        }

        var data = new SyncGroupRequestData(
            request.MemberId,
            context.ApiVersion >= 3 ? request.GroupInstanceId : null,
            request.GenerationId,
            context.ApiVersion >= 5 ? request.ProtocolType : null,
            context.ApiVersion >= 5 ? request.ProtocolName : null,
            assignments);
        SyncGroupResult result;
        try
        {
            result = await _grains.GetConsumerGroupGrain(request.GroupId).SyncGroupAsync(data).ConfigureAwait(false);
        }
        catch (Exception exception) when (GroupCoordinatorCalls.IsUnavailable(exception))
        {
            return new SyncGroupResponse { ErrorCode = (short)KafkaErrorCode.CoordinatorNotAvailable };
        }

        return new SyncGroupResponse
        {
            ErrorCode = (short)result.ErrorCode,
            ProtocolType = result.ProtocolType,
            ProtocolName = result.ProtocolName,
            Assignment = result.Assignment,
        };
    }
}
