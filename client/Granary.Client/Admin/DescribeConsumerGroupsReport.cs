// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The outcome in a <see cref="DescribeConsumerGroupsException"/> (each description carries its own Error).</summary>
public class DescribeConsumerGroupsReport
{
    public List<ConsumerGroupDescription> ConsumerGroupDescriptions { get; set; } = [];

    public override string ToString() => $"{ConsumerGroupDescriptions}";
}
