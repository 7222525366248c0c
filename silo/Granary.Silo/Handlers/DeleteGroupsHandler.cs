// Copyright (c) Granary contributors. Licensed under the MIT License.
// DeleteGroups (API key 42), versions 0-2.
//   v2+ flexible. Each group is answered on its own: only an Empty group can be deleted (NON_EMPTY_GROUP otherwise),
//   a missing one is GROUP_ID_NOT_FOUND, an empty id INVALID_GROUP_ID. The group's offsets and metadata are
//   tombstoned in __consumer_offsets before the answer.
using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class DeleteGroupsHandler : ApiHandler<DeleteGroupsRequest, DeleteGroupsResponse>
{
    private readonly IGrainFactory _grains;

    public DeleteGroupsHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.DeleteGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    protected override async ValueTask<DeleteGroupsResponse?> HandleAsync(DeleteGroupsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var response = new DeleteGroupsResponse();
        foreach (var groupId in request.GroupsNames.Distinct(StringComparer.Ordinal))
        {
            KafkaErrorCode error;
            if (groupId.Length == 0)
            {
                error = KafkaErrorCode.InvalidGroupId;
            }
            else
            {
                try
                {
                    error = await _grains.GetConsumerGroupGrain(groupId).DeleteGroupAsync().ConfigureAwait(false);
                }
                catch (Exception exception) when (GroupCoordinatorCalls.IsUnavailable(exception))
                {
                    error = KafkaErrorCode.CoordinatorNotAvailable;
                }
            }

            response.Results.Add(new DeleteGroupsResponse.DeletableGroupResult { GroupId = groupId, ErrorCode = (short)error });
        }

        return response;
    }
}
