// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Topics;

/// <summary>A topic config name or value that Kafka would reject with INVALID_CONFIG.</summary>
public sealed class TopicConfigException : Exception
{
    public TopicConfigException(string message)
        : base(message)
    {
    }

    public TopicConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TopicConfigException()
    {
    }
}
