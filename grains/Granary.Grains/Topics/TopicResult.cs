// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Protocol;

namespace Granary.Grains.Topics;

/// <summary>The outcome of a topic operation as Kafka reports it: an error code, a message, and the topic when known.</summary>
public sealed record TopicResult(KafkaErrorCode Error, string? Message, TopicRecord? Topic)
{
    public bool Succeeded => Error == KafkaErrorCode.None;

    public static TopicResult Ok(TopicRecord? topic) => new(KafkaErrorCode.None, null, topic);

    public static TopicResult Fail(KafkaErrorCode error, string message) => new(error, message, null);
}
