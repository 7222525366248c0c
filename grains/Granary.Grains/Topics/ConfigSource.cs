// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Topics;

/// <summary>Where a config value comes from, numbered as Kafka's DescribeConfigs reports it.</summary>
public enum ConfigSource : sbyte
{
    Unknown = 0,
    DynamicTopicConfig = 1,
    DynamicBrokerConfig = 2,
    DynamicDefaultBrokerConfig = 3,
    StaticBrokerConfig = 4,
    DefaultConfig = 5,
}
