// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.Topics;

namespace Granary.Silo.Handlers;

/// <summary>Kafka's topic name rules (org.apache.kafka.common.internals.Topic); see <see cref="TopicNameRules"/>.</summary>
public static class TopicNames
{
    /// <summary>Kafka's limit on a topic name's length.</summary>
    public const int MaxLength = TopicNameRules.MaxLength;

    /// <summary>Non-empty, at most 249 characters of [a-zA-Z0-9._-], and not "." or "..".</summary>
    public static bool IsValid(string name) => TopicNameRules.IsValid(name);

    /// <summary>The internal topics, which only their coordinators create.</summary>
    public static bool IsInternal(string name) => TopicNameRules.IsInternal(name);
}
