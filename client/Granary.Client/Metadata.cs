// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Cluster metadata: brokers and topics, and which broker answered.</summary>
public class Metadata(List<BrokerMetadata> brokers, List<TopicMetadata> topics, int originatingBrokerId, string originatingBrokerName)
{
    public List<BrokerMetadata> Brokers { get; } = brokers;

    public List<TopicMetadata> Topics { get; } = topics;

    public int OriginatingBrokerId { get; } = originatingBrokerId;

    public string OriginatingBrokerName { get; } = originatingBrokerName;
}
