// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Administration;

/// <summary>Topic creation, deletion and partition growth: all sent to the controller.</summary>
internal sealed partial class AdminClient
{
    private const short CreateTopicsMax = 7;
    private const short DeleteTopicsMax = 6;
    private const short CreatePartitionsMax = 3;

    public Task CreateTopicsAsync(IEnumerable<TopicSpecification> topics, CreateTopicsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var specs = topics.ToList();
        foreach (var spec in specs)
        {
            ArgumentException.ThrowIfNullOrEmpty(spec.Name, nameof(topics));
            if (spec.ReplicasAssignment is { Count: > 0 } && spec.ReplicationFactor != -1)
            {
                throw new ArgumentException($"Topic {spec.Name}: ReplicationFactor must be -1 when ReplicasAssignment is set.", nameof(topics));
            }
        }

        EnsureDistinct(specs.Select(s => s.Name), "topic");
        return RunAsync("CreateTopics", options?.RequestTimeout, async op =>
        {
            if (specs.Count == 0)
            {
                return true;
            }

            var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
            var results = await ControllerRoundsAsync<string, Error>(
                [.. byName.Keys],
                async (connection, names) =>
                {
                    var version = connection.Versions.Pick(ApiKey.CreateTopics, CreateTopicsMax);
                    var request = new CreateTopicsRequest
                    {
                        Topics = [.. names.Select(n => ToCreatable(byName[n]))],
                        timeoutMs = ToTimeoutMs(options?.OperationTimeout ?? op.Remaining),
                        validateOnly = version >= 1 && (options?.ValidateOnly ?? false),
                    };
                    var response = await SendAsync<CreateTopicsResponse>(connection, request, version, op).ConfigureAwait(false);
                    var answered = new Dictionary<string, Error>(StringComparer.Ordinal);
                    foreach (var topic in response.Topics)
                    {
                        answered[topic.Name] = ToError(topic.ErrorCode, topic.ErrorMessage);
                    }

                    return answered;
                },
                e => e.Code,
                Unanswered,
                op).ConfigureAwait(false);
            var reports = specs.Select(s => new CreateTopicReport { Topic = s.Name, Error = results[s.Name] }).ToList();
            return reports.Any(r => r.Error.IsError) ? throw new CreateTopicsException(reports) : true;
        });
    }

    public Task DeleteTopicsAsync(IEnumerable<string> topics, DeleteTopicsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var names = topics.ToList();
        foreach (var name in names)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(topics));
        }

        EnsureDistinct(names, "topic");
        return RunAsync("DeleteTopics", options?.RequestTimeout, async op =>
        {
            if (names.Count == 0)
            {
                return true;
            }

            var results = await ControllerRoundsAsync<string, Error>(
                names,
                async (connection, pending) =>
                {
                    var version = connection.Versions.Pick(ApiKey.DeleteTopics, DeleteTopicsMax);
                    var request = new DeleteTopicsRequest { TimeoutMs = ToTimeoutMs(options?.OperationTimeout ?? op.Remaining) };
                    if (version >= 6)
                    {
                        request.Topics = [.. pending.Select(n => new DeleteTopicsRequest.DeleteTopicState { Name = n })];
                    }
                    else
                    {
                        request.TopicNames = [.. pending];
                    }

                    var response = await SendAsync<DeleteTopicsResponse>(connection, request, version, op).ConfigureAwait(false);
                    var answered = new Dictionary<string, Error>(StringComparer.Ordinal);
                    foreach (var topic in response.Responses)
                    {
                        if (topic.Name is not null)
                        {
                            answered[topic.Name] = ToError(topic.ErrorCode, topic.ErrorMessage);
                        }
                    }

                    return answered;
                },
                e => e.Code,
                Unanswered,
                op).ConfigureAwait(false);
            var reports = names.Select(n => new DeleteTopicReport { Topic = n, Error = results[n] }).ToList();
            return reports.Any(r => r.Error.IsError) ? throw new DeleteTopicsException(reports) : true;
        });
    }

    public Task CreatePartitionsAsync(IEnumerable<PartitionsSpecification> partitionsSpecifications, CreatePartitionsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(partitionsSpecifications);
        var specs = partitionsSpecifications.ToList();
        foreach (var spec in specs)
        {
            ArgumentException.ThrowIfNullOrEmpty(spec.Topic, nameof(partitionsSpecifications));
        }

        EnsureDistinct(specs.Select(s => s.Topic), "topic");
        return RunAsync("CreatePartitions", options?.RequestTimeout, async op =>
        {
            if (specs.Count == 0)
            {
                return true;
            }

            var byName = specs.ToDictionary(s => s.Topic, StringComparer.Ordinal);
            var results = await ControllerRoundsAsync<string, Error>(
                [.. byName.Keys],
                async (connection, names) =>
                {
                    var version = connection.Versions.Pick(ApiKey.CreatePartitions, CreatePartitionsMax);
                    var request = new CreatePartitionsRequest
                    {
                        Topics = [.. names.Select(n => new CreatePartitionsRequest.CreatePartitionsTopic
                        {
                            Name = n,
                            Count = byName[n].IncreaseTo,
                            Assignments = byName[n].ReplicaAssignment is { } assignment
                                ? [.. assignment.Select(brokers => new CreatePartitionsRequest.CreatePartitionsAssignment { BrokerIds = [.. brokers] })]
                                : null,
                        })],
                        TimeoutMs = ToTimeoutMs(options?.OperationTimeout ?? op.Remaining),
                        ValidateOnly = options?.ValidateOnly ?? false,
                    };
                    var response = await SendAsync<CreatePartitionsResponse>(connection, request, version, op).ConfigureAwait(false);
                    var answered = new Dictionary<string, Error>(StringComparer.Ordinal);
                    foreach (var topic in response.Results)
                    {
                        answered[topic.Name] = ToError(topic.ErrorCode, topic.ErrorMessage);
                    }

                    return answered;
                },
                e => e.Code,
                Unanswered,
                op).ConfigureAwait(false);
            var reports = specs.Select(s => new CreatePartitionsReport { Topic = s.Topic, Error = results[s.Topic] }).ToList();
            return reports.Any(r => r.Error.IsError) ? throw new CreatePartitionsException(reports) : true;
        });
    }

    private static Error Unanswered<TKey>(TKey key) => new(ErrorCode.Local_Fail, $"The broker's response did not mention {key}.");

    private static CreateTopicsRequest.CreatableTopic ToCreatable(TopicSpecification spec)
    {
        var assigned = spec.ReplicasAssignment is { Count: > 0 };
        return new CreateTopicsRequest.CreatableTopic
        {
            Name = spec.Name,
            NumPartitions = assigned ? -1 : spec.NumPartitions,
            ReplicationFactor = assigned ? (short)-1 : spec.ReplicationFactor,
            Assignments = assigned
                ? [.. spec.ReplicasAssignment!.OrderBy(a => a.Key).Select(a => new CreateTopicsRequest.CreatableReplicaAssignment { PartitionIndex = a.Key, BrokerIds = [.. a.Value] })]
                : [],
            Configs = spec.Configs is null
                ? []
                : [.. spec.Configs.Select(c => new CreateTopicsRequest.CreatableTopicConfig { Name = c.Key, Value = c.Value })],
        };
    }
}
