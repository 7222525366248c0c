// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Administration;

/// <summary>Metadata, DescribeCluster and DescribeTopics: any broker answers.</summary>
internal sealed partial class AdminClient
{
    private const short MetadataMax = 12;
    private const short DescribeClusterMax = 1;

    public Metadata GetMetadata(TimeSpan timeout) =>
        RunAsync("GetMetadata", timeout, op => _cluster.RefreshMetadataAsync(null, op.Token)).GetAwaiter().GetResult();

    public Metadata GetMetadata(string topic, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return RunAsync("GetMetadata", timeout, op => _cluster.RefreshMetadataAsync([topic], op.Token)).GetAwaiter().GetResult();
    }

    public Task<DescribeClusterResult> DescribeClusterAsync(DescribeClusterOptions? options = null) =>
        RunAsync("DescribeCluster", options?.RequestTimeout, async op =>
        {
            var include = options?.IncludeAuthorizedOperations ?? false;
            var connection = await _cluster.GetAnyConnectionAsync(op.Token).ConfigureAwait(false);
            if (connection.Versions.TryGetRange(ApiKey.DescribeCluster, out _, out _))
            {
                var version = connection.Versions.Pick(ApiKey.DescribeCluster, DescribeClusterMax);
                var response = await SendAsync<DescribeClusterResponse>(
                    connection, new DescribeClusterRequest { IncludeClusterAuthorizedOperations = include }, version, op).ConfigureAwait(false);
                if (response.ErrorCode != 0)
                {
                    throw new KafkaException(ToError(response.ErrorCode, response.ErrorMessage));
                }

                var nodes = response.Brokers.Select(b => new Node { Id = b.BrokerId, Host = b.Host, Port = b.Port, Rack = b.Rack }).ToList();
                return new DescribeClusterResult
                {
                    ClusterId = response.ClusterId,
                    Controller = nodes.FirstOrDefault(n => n.Id == response.ControllerId),
                    Nodes = nodes,
                    AuthorizedOperations = include ? ToAclOperations(response.ClusterAuthorizedOperations) : null,
                };
            }

            // Brokers before Kafka 2.8 have no DescribeCluster: Metadata carries the same facts.
            var metadata = await SendMetadataAsync([], include, op).ConfigureAwait(false);
            var brokers = metadata.Brokers.Select(b => new Node { Id = b.NodeId, Host = b.Host, Port = b.Port, Rack = b.Rack }).ToList();
            return new DescribeClusterResult
            {
                ClusterId = metadata.ClusterId,
                Controller = brokers.FirstOrDefault(n => n.Id == metadata.ControllerId),
                Nodes = brokers,
                AuthorizedOperations = include ? ToAclOperations(metadata.ClusterAuthorizedOperations) : null,
            };
        });

    public Task<DescribeTopicsResult> DescribeTopicsAsync(TopicCollection topicCollection, DescribeTopicsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topicCollection);
        var names = topicCollection.Topics;
        foreach (var name in names)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(topicCollection));
        }

        EnsureDistinct(names, "topic");
        return RunAsync("DescribeTopics", options?.RequestTimeout, async op =>
        {
            if (names.Count == 0)
            {
                return new DescribeTopicsResult();
            }

            var include = options?.IncludeAuthorizedOperations ?? false;
            var metadata = await SendMetadataAsync(names, include, op).ConfigureAwait(false);
            var nodes = metadata.Brokers.ToDictionary(b => b.NodeId, b => new Node { Id = b.NodeId, Host = b.Host, Port = b.Port, Rack = b.Rack });
            Node NodeOf(int id) => nodes.TryGetValue(id, out var n) ? n : new Node { Id = id, Host = string.Empty, Port = -1 };
            var descriptions = names.Select(name =>
            {
                var topic = metadata.Topics.FirstOrDefault(t => t.Name == name);
                if (topic is null)
                {
                    return new TopicDescription { Name = name, Error = Unanswered(name) };
                }

                return new TopicDescription
                {
                    Name = name,
                    TopicId = topic.TopicId == Guid.Empty ? null : ToUuid(topic.TopicId),
                    Error = ToError(topic.ErrorCode),
                    IsInternal = topic.IsInternal,
                    AuthorizedOperations = include ? ToAclOperations(topic.TopicAuthorizedOperations) : null,
                    Partitions = [.. topic.Partitions.OrderBy(p => p.PartitionIndex).Select(p => new TopicPartitionInfo
                    {
                        Partition = p.PartitionIndex,
                        Leader = p.LeaderId < 0 ? null : NodeOf(p.LeaderId),
                        Replicas = [.. p.ReplicaNodes.Select(NodeOf)],
                        ISR = [.. p.IsrNodes.Select(NodeOf)],
                    })],
                };
            }).ToList();
            return descriptions.Any(d => d.Error.IsError)
                ? throw new DescribeTopicsException(new DescribeTopicsReport { TopicDescriptions = descriptions })
                : new DescribeTopicsResult { TopicDescriptions = descriptions };
        });
    }

    private async Task<MetadataResponse> SendMetadataAsync(List<string> topics, bool includeAuthorizedOperations, AdminOperation op)
    {
        var connection = await _cluster.GetAnyConnectionAsync(op.Token).ConfigureAwait(false);
        var version = connection.Versions.Pick(ApiKey.Metadata, MetadataMax, clientMin: 1);
        var request = new MetadataRequest
        {
            Topics = [.. topics.Select(t => new MetadataRequest.MetadataRequestTopic { Name = t })],
            // Each field only where the version carries it: the generated writer refuses the others.
            AllowAutoTopicCreation = version < 4,
            IncludeClusterAuthorizedOperations = version is >= 8 and <= 10 && includeAuthorizedOperations,
            IncludeTopicAuthorizedOperations = version >= 8 && includeAuthorizedOperations,
        };
        return await SendAsync<MetadataResponse>(connection, request, version, op).ConfigureAwait(false);
    }

    private static Uuid ToUuid(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return new Uuid(System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes), System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes[8..]));
    }
}
