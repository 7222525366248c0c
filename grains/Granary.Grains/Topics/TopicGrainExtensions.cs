// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime;

namespace Granary.Grains.Topics;

/// <summary>Calls on topic grains.</summary>
public static class TopicGrainExtensions
{
    /// <summary>Gets the grain of topic <paramref name="topic"/>.</summary>
    public static GrainReference<ITopicGrain> GetTopicGrain(this IGrainFactory factory, string topic)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.GetGrain<ITopicGrain>(topic);
    }
}
