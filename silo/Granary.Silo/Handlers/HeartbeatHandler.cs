// Copyright (c) Granary contributors. Licensed under the MIT License.
// Heartbeat (API key 12), versions 0-4.
//   v1+ throttle. v3+ group_instance_id. v4+ flexible.
// Errors: INVALID_GROUP_ID, UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS (rejoin), FENCED_INSTANCE_ID,
// COORDINATOR_NOT_AVAILABLE.
using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class HeartbeatHandler : ApiHandler<HeartbeatRequest, HeartbeatResponse>
{
    private readonly IGrainFactory _grains;

    public HeartbeatHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.Heartbeat;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override async ValueTask<HeartbeatResponse?> HandleAsync(HeartbeatRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.GroupId.Length == 0)
        {
            return new HeartbeatResponse { ErrorCode = (short)KafkaErrorCode.InvalidGroupId };
        }

        KafkaErrorCode error;
        try
        {
            error = await _grains.GetConsumerGroupGrain(request.GroupId)
                .HeartbeatAsync(request.MemberId, context.ApiVersion >= 3 ? request.GroupInstanceId : null, request.GenerationId)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (GroupCoordinatorCalls.IsUnavailable(exception))
        {
            error = KafkaErrorCode.CoordinatorNotAvailable;
        }

        return new HeartbeatResponse { ErrorCode = (short)error };
    }
}
