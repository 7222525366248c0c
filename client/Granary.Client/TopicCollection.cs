// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The topics DescribeTopicsAsync describes.</summary>
public class TopicCollection
{
    private TopicCollection(List<string> topics) => Topics = topics;

    internal List<string> Topics { get; }

    public static TopicCollection OfTopicNames(IEnumerable<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return new TopicCollection([.. topics]);
    }

    public override string ToString() => string.Join(", ", Topics);
}
