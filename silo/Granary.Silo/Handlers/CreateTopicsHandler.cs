// Copyright (c) Granary contributors. Licensed under the MIT License.

// CreateTopics (API key 19), versions 0-7.
//   v0: topics[name, num_partitions, replication_factor, assignments, configs], timeout_ms.
//   v1: + validate_only, error_message.   v2: + throttle_time_ms.   v3: same as v2.
//   v4: the spec documents num_partitions / replication_factor -1 (num.partitions / default.replication.factor);
//       like Kafka's broker, Granary honours -1 at every version (kafkajs sends it at v2 when unspecified).
//   v5: flexible; the result carries the topic's partitions, replication factor and configs (name, value, read-only,
//       source, sensitive), as Kafka returns them so clients need no DescribeConfigs.   v6: same as v5.   v7: + topic_id.
// Manual replica assignments are refused with INVALID_REPLICA_ASSIGNMENT: the controller places replicas itself.
// A name requested twice answers INVALID_REQUEST for each occurrence, as Kafka does. Each topic is created by its
// TopicGrain, through the controller; another silo answers NOT_CONTROLLER so the client retries against the
// controller named in Metadata.

using Granary.Grains.Topics;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class CreateTopicsHandler : ApiHandler<CreateTopicsRequest, CreateTopicsResponse>
{
    private readonly TopicService _topics;
    private readonly IGrainFactory _grains;

    public CreateTopicsHandler(TopicService topics, IGrainFactory grains)
    {
        _topics = topics;
        _grains = grains;
    }

    public override ApiKey ApiKey => ApiKey.CreateTopics;

    public override short MinVersion => 0;

    public override short MaxVersion => 7;

    protected override async ValueTask<CreateTopicsResponse?> HandleAsync(CreateTopicsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        var version = context.ApiVersion;
        var duplicates = request.Topics.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var response = new CreateTopicsResponse();
        foreach (var topic in request.Topics)
        {
            TopicResult result;
            if (duplicates.Contains(topic.Name))
            {
                result = TopicResult.Fail(KafkaErrorCode.InvalidRequest, $"Create topics request from client contains a duplicate topic with the name {topic.Name}.");
            }
            else if (topic.Assignments.Count > 0)
            {
                result = TopicResult.Fail(KafkaErrorCode.InvalidReplicaAssignment, "Manual replica assignment is not supported; the controller assigns replicas.");
            }
            else if (topic.Configs.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            {
                result = TopicResult.Fail(KafkaErrorCode.InvalidConfig, $"Config {repeated.Key} is given more than once.");
            }
            else
            {
                IReadOnlyDictionary<string, string?> configs = topic.Configs.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);
                result = TopicNameRules.Explain(topic.Name) is { } illegal
                    ? TopicResult.Fail(KafkaErrorCode.InvalidTopicException, illegal)
                    : await _grains.GetTopicGrain(topic.Name).InvokeAsync(
                        (topic.NumPartitions, topic.ReplicationFactor, configs, request.validateOnly),
                        static (g, a) => g.CreateAsync(a.NumPartitions, a.ReplicationFactor, a.configs, a.validateOnly));
            }

            response.Topics.Add(ToResult(topic.Name, result, version));
        }

        return response;
    }

    private CreateTopicsResponse.CreatableTopicResult ToResult(string name, TopicResult result, short version)
    {
        var entry = new CreateTopicsResponse.CreatableTopicResult
        {
            Name = name,
            ErrorCode = (short)result.Error,
            ErrorMessage = version >= 1 ? result.Message : null,
        };
        if (version >= 5 && result.Topic is { } topic)
        {
            entry.TopicId = version >= 7 ? topic.TopicId : Guid.Empty;
            entry.NumPartitions = topic.PartitionCount;
            entry.ReplicationFactor = topic.ReplicationFactor;
            entry.Configs = [.. _topics.Configs.Describe(topic.Configs).Select(c => new CreateTopicsResponse.CreatableTopicConfigs
            {
                Name = c.Name,
                Value = c.Sensitive ? null : c.Value,
                ReadOnly = c.ReadOnly,
                ConfigSource = (sbyte)c.Source,
                IsSensitive = c.Sensitive,
            })];
        }

        return entry;
    }
}
