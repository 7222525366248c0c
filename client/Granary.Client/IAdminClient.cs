// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;

namespace Granary.Client;

/// <summary>
/// Administers topics, configs, consumer groups, records and the cluster (Confluent.Kafka's IAdminClient). Methods that
/// act on several items throw the matching exception (such as <see cref="CreateTopicsException"/>) when any item fails,
/// with every item's outcome in its results; a failure of the whole request throws <see cref="KafkaException"/>.
/// </summary>
public interface IAdminClient : IClient
{
    /// <summary>Metadata for every topic and broker, from any broker.</summary>
    Metadata GetMetadata(TimeSpan timeout);

    /// <summary>Metadata for one topic and every broker, from any broker.</summary>
    Metadata GetMetadata(string topic, TimeSpan timeout);

    /// <summary>Every group in the cluster, each described by its coordinator.</summary>
    List<GroupInfo> ListGroups(TimeSpan timeout);

    /// <summary>One group described by its coordinator; null when the coordinator does not know it.</summary>
    GroupInfo? ListGroup(string group, TimeSpan timeout);

    Task CreateTopicsAsync(IEnumerable<TopicSpecification> topics, CreateTopicsOptions? options = null);

    Task DeleteTopicsAsync(IEnumerable<string> topics, DeleteTopicsOptions? options = null);

    Task CreatePartitionsAsync(IEnumerable<PartitionsSpecification> partitionsSpecifications, CreatePartitionsOptions? options = null);

    Task<List<DescribeConfigsResult>> DescribeConfigsAsync(IEnumerable<ConfigResource> resources, DescribeConfigsOptions? options = null);

    /// <summary>Replaces each resource's whole dynamic configuration with the given entries (Kafka's legacy AlterConfigs).</summary>
    Task AlterConfigsAsync(Dictionary<ConfigResource, List<ConfigEntry>> configs, AlterConfigsOptions? options = null);

    /// <summary>Sets, deletes, appends to or subtracts from individual configs, leaving the others as they are.</summary>
    Task<List<IncrementalAlterConfigsResult>> IncrementalAlterConfigsAsync(Dictionary<ConfigResource, List<ConfigEntry>> configs, IncrementalAlterConfigsOptions? options = null);

    /// <summary>Deletes the records before each offset (Offset.End: all records), through each partition's leader.</summary>
    Task<List<DeleteRecordsResult>> DeleteRecordsAsync(IEnumerable<TopicPartitionOffset> topicPartitionOffsets, DeleteRecordsOptions? options = null);

    Task DeleteGroupsAsync(IList<string> groups, DeleteGroupsOptions? options = null);

    Task<DeleteConsumerGroupOffsetsResult> DeleteConsumerGroupOffsetsAsync(string group, IEnumerable<TopicPartition> partitions, DeleteConsumerGroupOffsetsOptions? options = null);

    Task<List<ListConsumerGroupOffsetsResult>> ListConsumerGroupOffsetsAsync(IEnumerable<ConsumerGroupTopicPartitions> groupPartitions, ListConsumerGroupOffsetsOptions? options = null);

    Task<List<AlterConsumerGroupOffsetsResult>> AlterConsumerGroupOffsetsAsync(IEnumerable<ConsumerGroupTopicPartitionOffsets> groupPartitions, AlterConsumerGroupOffsetsOptions? options = null);

    Task<ListConsumerGroupsResult> ListConsumerGroupsAsync(ListConsumerGroupsOptions? options = null);

    Task<DescribeConsumerGroupsResult> DescribeConsumerGroupsAsync(IEnumerable<string> groups, DescribeConsumerGroupsOptions? options = null);

    Task<DescribeClusterResult> DescribeClusterAsync(DescribeClusterOptions? options = null);

    Task<DescribeTopicsResult> DescribeTopicsAsync(TopicCollection topicCollection, DescribeTopicsOptions? options = null);

    Task<ListOffsetsResult> ListOffsetsAsync(IEnumerable<TopicPartitionOffsetSpec> topicPartitionOffsets, ListOffsetsOptions? options = null);
}
