// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Granary.Client.Network;

namespace Granary.Client.Administration;

/// <summary>The admin client: routes each request to the broker that must answer it (controller, coordinator, leader or any).</summary>
internal sealed partial class AdminClient : IAdminClient
{
    private readonly AdminClientBuilder _builder;
    private readonly KafkaCluster _cluster;
    private readonly AdminSettings _settings;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    public AdminClient(AdminClientBuilder builder, KafkaCluster cluster, AdminSettings settings, string name, TimeProvider time)
    {
        _builder = builder;
        _cluster = cluster;
        _settings = settings;
        _time = time;
        Name = name;
    }

    public string Name { get; }

    public Metadata GetMetadata(TimeSpan timeout) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Metadata GetMetadata(string topic, TimeSpan timeout) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public List<GroupInfo> ListGroups(TimeSpan timeout) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public GroupInfo? ListGroup(string group, TimeSpan timeout) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task CreateTopicsAsync(IEnumerable<TopicSpecification> topics, CreateTopicsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task DeleteTopicsAsync(IEnumerable<string> topics, DeleteTopicsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task CreatePartitionsAsync(IEnumerable<PartitionsSpecification> partitionsSpecifications, CreatePartitionsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task<List<DescribeConfigsResult>> DescribeConfigsAsync(IEnumerable<ConfigResource> resources, DescribeConfigsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task AlterConfigsAsync(Dictionary<ConfigResource, List<ConfigEntry>> configs, AlterConfigsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task<List<IncrementalAlterConfigsResult>> IncrementalAlterConfigsAsync(Dictionary<ConfigResource, List<ConfigEntry>> configs, IncrementalAlterConfigsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task<List<DeleteRecordsResult>> DeleteRecordsAsync(IEnumerable<TopicPartitionOffset> topicPartitionOffsets, DeleteRecordsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task DeleteGroupsAsync(IList<string> groups, DeleteGroupsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task<DeleteConsumerGroupOffsetsResult> DeleteConsumerGroupOffsetsAsync(string group, IEnumerable<TopicPartition> partitions, DeleteConsumerGroupOffsetsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task<List<ListConsumerGroupOffsetsResult>> ListConsumerGroupOffsetsAsync(IEnumerable<ConsumerGroupTopicPartitions> groupPartitions, ListConsumerGroupOffsetsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task<List<AlterConsumerGroupOffsetsResult>> AlterConsumerGroupOffsetsAsync(IEnumerable<ConsumerGroupTopicPartitionOffsets> groupPartitions, AlterConsumerGroupOffsetsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task<ListConsumerGroupsResult> ListConsumerGroupsAsync(ListConsumerGroupsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task<DescribeConsumerGroupsResult> DescribeConsumerGroupsAsync(IEnumerable<string> groups, DescribeConsumerGroupsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task<DescribeClusterResult> DescribeClusterAsync(DescribeClusterOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task<DescribeTopicsResult> DescribeTopicsAsync(TopicCollection topicCollection, DescribeTopicsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public Task<ListOffsetsResult> ListOffsetsAsync(IEnumerable<TopicPartitionOffsetSpec> topicPartitionOffsets, ListOffsetsOptions? options = null) => throw new KafkaException(new Error(ErrorCode.Local_NotImplemented, "Not implemented yet."));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _disposing.Cancel();
        _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _disposing.Dispose();
    }
}
