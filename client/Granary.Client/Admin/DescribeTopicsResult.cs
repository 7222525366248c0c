// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The topics DescribeTopicsAsync described.</summary>
public class DescribeTopicsResult
{
    public List<TopicDescription> TopicDescriptions { get; set; } = [];

    public override string ToString() => $"{TopicDescriptions}";
}
