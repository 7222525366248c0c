// Copyright (c) Granary contributors. Licensed under the MIT License.
// DescribeGroups (API key 15), versions 0-5.
//   v1+ throttle. v3+ include_authorized_operations (no ACLs: answered as Kafka's "not requested" value).
//   v4+ member group_instance_id. v5+ flexible.
// A group that does not exist is described as state "Dead" with no error, as Kafka does. Member metadata and
// assignments are filled in only when the group is Stable. Errors per group: COORDINATOR_NOT_AVAILABLE.
using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class DescribeGroupsHandler : ApiHandler<DescribeGroupsRequest, DescribeGroupsResponse>
{
    private const int AuthorizedOperationsOmitted = int.MinValue;
    private readonly IGrainFactory _grains;

    public DescribeGroupsHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.DescribeGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 5;

    protected override async ValueTask<DescribeGroupsResponse?> HandleAsync(DescribeGroupsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var response = new DescribeGroupsResponse();
        foreach (var groupId in request.Groups)
        {
            GroupDescription description;
            try
            {
                description = await _grains.GetConsumerGroupGrain(groupId).DescribeAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (GroupCoordinatorCalls.IsUnavailable(exception))
            {
                description = new GroupDescription(KafkaErrorCode.CoordinatorNotAvailable, groupId, string.Empty, string.Empty, string.Empty, []);
            }

            var group = new DescribeGroupsResponse.DescribedGroup
            {
                ErrorCode = (short)description.ErrorCode,
                GroupId = description.GroupId,
                GroupState = description.State,
                ProtocolType = description.ProtocolType,
                ProtocolData = description.ProtocolData,
                AuthorizedOperations = AuthorizedOperationsOmitted,
            };
            foreach (var member in description.Members)
            {
                group.Members.Add(new DescribeGroupsResponse.DescribedGroupMember
                {
                    MemberId = member.MemberId,
                    GroupInstanceId = member.GroupInstanceId,
                    ClientId = member.ClientId,
                    ClientHost = member.ClientHost,
                    MemberMetadata = member.MemberMetadata,
                    MemberAssignment = member.MemberAssignment,
                });
            }

            response.Groups.Add(group);
        }

        return response;
    }
}
