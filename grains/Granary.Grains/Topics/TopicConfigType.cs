// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Topics;

/// <summary>Kafka's config data types, numbered as DescribeConfigs v3+ reports them.</summary>
public enum TopicConfigType : sbyte
{
    Unknown = 0,
    Boolean = 1,
    String = 2,
    Int = 3,
    Short = 4,
    Long = 5,
    Double = 6,
    List = 7,
}
