// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The outcome in a <see cref="DescribeTopicsException"/> (each description carries its own Error).</summary>
public class DescribeTopicsReport
{
    public List<TopicDescription> TopicDescriptions { get; set; } = [];

    public override string ToString() => $"{TopicDescriptions}";
}
