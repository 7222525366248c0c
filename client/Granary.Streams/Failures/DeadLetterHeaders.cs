// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Failures;

/// <summary>Headers Granary adds to a dead-lettered record (values are UTF-8 text); the original headers are kept before them.</summary>
public static class DeadLetterHeaders
{
    public const string Prefix = "granary.dlq.";
    public const string OriginalTopic = "granary.dlq.original.topic";
    public const string OriginalPartition = "granary.dlq.original.partition";
    public const string OriginalOffset = "granary.dlq.original.offset";
    public const string OriginalTimestamp = "granary.dlq.original.timestamp";
    public const string ExceptionType = "granary.dlq.exception.type";
    public const string ExceptionMessage = "granary.dlq.exception.message";
    public const string AttemptCount = "granary.dlq.attempts";
    public const string Subscription = "granary.dlq.subscription";

    /// <summary>The dead-letter topic of a topic: "&lt;topic&gt;.dlq" with the default suffix.</summary>
    public static string TopicFor(string topic, string suffix = ".dlq") => topic + suffix;
}
