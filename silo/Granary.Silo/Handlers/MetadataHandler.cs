// Copyright (c) Granary contributors. Licensed under the MIT License.

// Metadata (API key 3), versions 0-12.
//   v0: brokers[node_id, host, port], topics[error, name, partitions[error, index, leader, replicas, isr]];
//       an empty topic list means "all topics".
//   v1: + broker rack, controller_id, topic is_internal; a null topic list means "all", an empty one means none.
//   v2: + cluster_id.   v3: + throttle_time_ms.   v4: + allow_auto_topic_creation (before v4 always allowed).
//   v5: + offline_replicas.   v7: + leader_epoch.   v8-v10: authorized-operations fields (not computed: left at
//   Kafka's "not requested" value, since Granary has no ACLs).   v9: flexible.   v10: + topic ids.
//   v12: a requested topic may be named by id alone (name null); an unknown id answers UNKNOWN_TOPIC_ID.
// kafkajs 2.2.4 asks up to v6, librdkafka 2.0.2 (kcat 1.7.1) up to v9/v12 depending on features.
// Brokers are the Active silos of the membership view; the controller is the holder of the controller lease.
// Each requested topic is described by its TopicGrain (the topic and its partitions); listing all topics reads the
// cluster table at once. Auto-creation (auto.create.topics.enable and the request's flag) happens in the TopicGrain,
// through the controller, with num.partitions and default.replication.factor; names starting "__" are never
// auto-created. On a silo that is not the controller the topic answers LEADER_NOT_AVAILABLE so the client retries
// (Kafka answers the same while its controller creates the topic); controller_id names the controller, which is where
// CreateTopics and DeleteTopics must go (other silos answer NOT_CONTROLLER).

using Granary.Cluster;
using Granary.Cluster.Membership;
using Granary.Grains.Topics;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Silo.Configuration;
using Granary.Runtime;
using Granary.Silo.Dispatch;
using Granary.Silo.Network;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Handlers;

public sealed class MetadataHandler : ApiHandler<MetadataRequest, MetadataResponse>
{
    private readonly IClusterTable _table;
    private readonly IClusterMembership _membership;
    private readonly IGrainFactory _grains;
    private readonly BrokerOptions _broker;
    private string? _clusterId;

    public MetadataHandler(
        IClusterTable table, IClusterMembership membership, IGrainFactory grains, IOptions<BrokerOptions> broker)
    {
        _table = table;
        _membership = membership;
        _grains = grains;
        _broker = broker.Value;
    }

    public override ApiKey ApiKey => ApiKey.Metadata;

    public override short MinVersion => 0;

    public override short MaxVersion => 12;

    protected override async ValueTask<MetadataResponse?> HandleAsync(MetadataRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        var view = _membership.Current;
        var alive = view.ActiveSilos.Select(s => s.SiloId).ToHashSet();
        var response = new MetadataResponse
        {
            ClusterId = _clusterId ??= await _table.GetClusterIdAsync(cancellationToken),
            ControllerId = view.ControllerSiloId,
            Brokers = [.. view.ActiveSilos.Select(s =>
            {
                var (host, port) = AdvertisedAddress.For(context.Connection, _broker.NodeId, s.SiloId, s.Host, s.Port);
                return new MetadataResponse.MetadataResponseBroker { NodeId = s.SiloId, Host = host, Port = port, Rack = s.Rack };
            })],
        };

        var allTopics = request.Topics is null || (context.ApiVersion == 0 && request.Topics.Count == 0);
        if (allTopics)
        {
            var partitions = (await _table.ListPartitionsAsync(cancellationToken)).ToLookup(p => p.Topic, StringComparer.Ordinal);
            foreach (var topic in await _table.ListTopicsAsync(cancellationToken))
            {
                response.Topics.Add(Describe(topic, partitions[topic.Name], alive));
            }

            return response;
        }

        var autoCreate = _broker.AutoCreateTopicsEnable && (context.ApiVersion < 4 || request.AllowAutoTopicCreation);
        IReadOnlyList<TopicRecord>? byId = null;
        foreach (var requested in request.Topics!)
        {
            if (requested.Name is null)
            {
                byId ??= await _table.ListTopicsAsync(cancellationToken);
                var match = byId.FirstOrDefault(t => t.TopicId == requested.TopicId);
                response.Topics.Add(match is null
                    ? Error(KafkaErrorCode.UnknownTopicId, null, requested.TopicId)
                    : await DescribeOrCreateAsync(match.Name, autoCreate: false, alive));
                continue;
            }

            response.Topics.Add(await DescribeOrCreateAsync(requested.Name, autoCreate, alive));
        }

        return response;
    }

    private async Task<MetadataResponse.MetadataResponseTopic> DescribeOrCreateAsync(string name, bool autoCreate, HashSet<int> alive)
    {
        // An illegal name never activates a grain.
        if (TopicNameRules.Explain(name) is not null)
        {
            return Error(KafkaErrorCode.InvalidTopicException, name);
        }

        var (result, partitions) = await _grains.GetTopicGrain(name).InvokeAsync(autoCreate, static (g, create) => g.DescribeAsync(create));
        return result.Topic is { } topic
            ? Describe(topic, partitions, alive)
            : Error(result.Error switch
            {
                // Not the controller, or a race with another creator: the client retries Metadata.
                KafkaErrorCode.NotController or KafkaErrorCode.RequestTimedOut or KafkaErrorCode.TopicAlreadyExists => KafkaErrorCode.LeaderNotAvailable,
                var error => error,
            }, name);
    }

    private static MetadataResponse.MetadataResponseTopic Describe(TopicRecord topic, IEnumerable<PartitionState> partitions, HashSet<int> alive) =>
        new()
        {
            Name = topic.Name,
            TopicId = topic.TopicId,
            IsInternal = topic.IsInternal,
            Partitions = [.. partitions.OrderBy(p => p.Partition).Select(p => new MetadataResponse.MetadataResponsePartition
            {
                ErrorCode = (short)(p.Leader == PartitionState.NoLeader ? KafkaErrorCode.LeaderNotAvailable : KafkaErrorCode.None),
                PartitionIndex = p.Partition,
                LeaderId = p.Leader,
                LeaderEpoch = p.LeaderEpoch,
                ReplicaNodes = [.. p.Replicas],
                IsrNodes = [.. p.Isr],
                OfflineReplicas = [.. p.Replicas.Where(r => !alive.Contains(r))],
            })],
        };

    private static MetadataResponse.MetadataResponseTopic Error(KafkaErrorCode error, string? name, Guid topicId = default) =>
        new() { ErrorCode = (short)error, Name = name, TopicId = topicId };
}
