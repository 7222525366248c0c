// Copyright (c) Granary contributors. Licensed under the MIT License.
// ListGroups (API key 16), versions 0-5.
//   v1+ throttle. v3+ flexible. v4+ states_filter and group_state in the answer (KIP-518; matched case-insensitively,
//   empty = all). v5+ types_filter and group_type (KIP-848): every group here is "classic", so a filter without
//   "classic" lists nothing.
// Lists every group with state: those this silo has coordinated since it started (ConsumerGroupRegistry) and, found
// by one scan of __consumer_offsets on the first ListGroups (ConsumerGroupDiscovery), those from before a restart
// that nothing has activated yet. Each is asked for its state by its grain (which replays it on activation).
using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class ListGroupsHandler : ApiHandler<ListGroupsRequest, ListGroupsResponse>
{
    private const string ClassicGroupType = "classic";
    private readonly IGrainFactory _grains;
    private readonly ConsumerGroupRegistry _registry;
    private readonly ConsumerGroupDiscovery _discovery;

    public ListGroupsHandler(IGrainFactory grains, ConsumerGroupRegistry registry, ConsumerGroupDiscovery discovery)
    {
        _grains = grains;
        _registry = registry;
        _discovery = discovery;
    }

    public override ApiKey ApiKey => ApiKey.ListGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 5;

    protected override async ValueTask<ListGroupsResponse?> HandleAsync(ListGroupsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var version = context.ApiVersion;
        var response = new ListGroupsResponse();
        if (version >= 5 && request.TypesFilter.Count > 0 &&
            !request.TypesFilter.Contains(ClassicGroupType, StringComparer.OrdinalIgnoreCase))
        {
            return response;
        }

        try
        {
            await _discovery.EnsureDiscoveredAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (GroupCoordinatorCalls.IsUnavailable(exception))
        {
            // The offsets topic is not readable yet: the client retries.
            response.ErrorCode = (short)KafkaErrorCode.CoordinatorLoadInProgress;
            return response;
        }

        var states = version >= 4 && request.StatesFilter.Count > 0
            ? new HashSet<string>(request.StatesFilter, StringComparer.OrdinalIgnoreCase)
            : null;
        foreach (var groupId in _registry.GroupIds)
        {
            GroupListing? listing;
            try
            {
                listing = await _grains.GetConsumerGroupGrain(groupId).GetListingAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (GroupCoordinatorCalls.IsUnavailable(exception))
            {
                response.ErrorCode = (short)KafkaErrorCode.CoordinatorLoadInProgress;
                continue;
            }

            if (listing is null || (states is not null && !states.Contains(listing.GroupState)))
            {
                continue;
            }

            response.Groups.Add(new ListGroupsResponse.ListedGroup
            {
                GroupId = listing.GroupId,
                ProtocolType = listing.ProtocolType,
                GroupState = listing.GroupState,
                GroupType = ClassicGroupType,
            });
        }

        return response;
    }
}
