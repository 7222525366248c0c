// Copyright (c) Granary contributors. Licensed under the MIT License.
// FindCoordinator (API key 10), versions 0-4.
//   v0: group key only. v1+: key_type (0 = group, 1 = transaction), error_message, throttle. v3+ flexible.
//   v4+: batched coordinator_keys answered in the coordinators array (KIP-699); the single-key fields are unused.
// Group keys: the coordinator is the leader of the group's __consumer_offsets partition (Java string hash of the
// group id mod offsets.topic.num.partitions); before that topic exists, or when its leader is not a live silo, this
// silo answers (its group grain creates the topic). Transaction keys: COORDINATOR_NOT_AVAILABLE until transactions
// exist. Any other key type: INVALID_REQUEST. v5 (transactional errors) and v6 (share groups) are not offered.
using Granary.Cluster;
using Granary.Cluster.Membership;
using Granary.Grains.ConsumerGroups;
using Granary.Grains.ConsumerGroups.OffsetsTopic;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Silo.Configuration;
using Granary.Silo.Dispatch;
using Granary.Silo.Hosting;
using Granary.Silo.Network;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Handlers;

public sealed class FindCoordinatorHandler : ApiHandler<FindCoordinatorRequest, FindCoordinatorResponse>
{
    private const sbyte GroupKeyType = 0;
    private const sbyte TransactionKeyType = 1;
    private readonly IClusterTable _table;
    private readonly IClusterMembership _membership;
    private readonly SiloEndpoint _endpoint;
    private readonly BrokerOptions _broker;

    public FindCoordinatorHandler(IClusterTable table, IClusterMembership membership, SiloEndpoint endpoint, IOptions<BrokerOptions> broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _table = table;
        _membership = membership;
        _endpoint = endpoint;
        _broker = broker.Value;
    }

    public override ApiKey ApiKey => ApiKey.FindCoordinator;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override async ValueTask<FindCoordinatorResponse?> HandleAsync(FindCoordinatorRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var response = new FindCoordinatorResponse();
        if (context.ApiVersion >= 4)
        {
            foreach (var key in request.CoordinatorKeys)
            {
                var (error, node) = await FindAsync(key, request.KeyType, cancellationToken).ConfigureAwait(false);
                var (host, port) = node is null ? (string.Empty, -1) : AdvertisedAddress.For(context.Connection, _broker.NodeId, node.SiloId, node.Host, node.Port);
                response.Coordinators.Add(new FindCoordinatorResponse.Coordinator
                {
                    Key = key,
                    ErrorCode = (short)error,
                    ErrorMessage = error == KafkaErrorCode.None ? null : Message(error),
                    NodeId = node?.SiloId ?? -1,
                    Host = host,
                    Port = port,
                });
            }

            return response;
        }

        var keyType = context.ApiVersion >= 1 ? request.KeyType : GroupKeyType;
        var (single, coordinator) = await FindAsync(request.Key, keyType, cancellationToken).ConfigureAwait(false);
        response.ErrorCode = (short)single;
        response.ErrorMessage = single == KafkaErrorCode.None ? null : Message(single);
        response.NodeId = coordinator?.SiloId ?? -1;
        (response.Host, response.Port) = coordinator is null
            ? (string.Empty, -1)
            : AdvertisedAddress.For(context.Connection, _broker.NodeId, coordinator.SiloId, coordinator.Host, coordinator.Port);
        return response;
    }

    private async ValueTask<(KafkaErrorCode Error, SiloRecord? Node)> FindAsync(string key, sbyte keyType, CancellationToken cancellationToken)
    {
        switch (keyType)
        {
            case GroupKeyType:
                break;
            case TransactionKeyType:
                return (KafkaErrorCode.CoordinatorNotAvailable, null);
            default:
                return (KafkaErrorCode.InvalidRequest, null);
        }

        var self = new SiloRecord(_broker.NodeId, _endpoint.AdvertisedHost, _endpoint.AdvertisedPort, 0, SiloStatus.Active, default, default, null, 0);
        var partition = OffsetsTopicPartitioner.PartitionFor(key ?? string.Empty, _broker.OffsetsTopicNumPartitions);
        var partitions = await _table.GetPartitionsAsync(IOffsetsTopicProvisioner.TopicName, cancellationToken).ConfigureAwait(false);
        var state = partitions.FirstOrDefault(p => p.Partition == partition);
        if (state is null || state.Leader == _broker.NodeId)
        {
            return (KafkaErrorCode.None, self);
        }

        var leader = _membership.Current.ActiveSilos.FirstOrDefault(s => s.SiloId == state.Leader);
        return leader is null ? (KafkaErrorCode.CoordinatorNotAvailable, null) : (KafkaErrorCode.None, leader);
    }

    private static string Message(KafkaErrorCode error) => error switch
    {
        KafkaErrorCode.CoordinatorNotAvailable => "The coordinator is not available.",
        KafkaErrorCode.InvalidRequest => "Unknown coordinator key type.",
        _ => error.ToString(),
    };
}
