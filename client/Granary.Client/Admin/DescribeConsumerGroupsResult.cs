// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The groups DescribeConsumerGroupsAsync described.</summary>
public class DescribeConsumerGroupsResult
{
    public List<ConsumerGroupDescription> ConsumerGroupDescriptions { get; set; } = [];

    public override string ToString() => $"{ConsumerGroupDescriptions}";
}
