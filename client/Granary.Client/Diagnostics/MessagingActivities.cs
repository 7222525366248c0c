// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Granary.Client.Diagnostics;

/// <summary>Starts send, receive and process spans named and attributed by the messaging semantic conventions.</summary>
public static class MessagingActivities
{
    // Keys are application data of any size; a span attribute is not the place for a large one.
    private const int MaxKeyAttributeBytes = 256;

    /// <summary>"send {topic}" (Producer kind), current activity as parent; null when nobody listens.</summary>
    public static Activity? StartSend(string topic, byte[]? key, int messageCount = 1)
    {
        var activity = GranaryDiagnostics.ActivitySource.StartActivity("send " + topic, ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            SetCommon(activity, topic, MessagingAttributes.OperationSend, "send");
            SetKey(activity, key);
            if (messageCount != 1)
            {
                activity.SetTag(MessagingAttributes.BatchMessageCount, messageCount);
            }
        }

        return activity;
    }

    /// <summary>"receive {topic}" (Consumer kind) linked to the producer's context found in the record headers.</summary>
    public static Activity? StartReceive(string topic, int partition, string? group, long offset, byte[]? key, Headers? headers) =>
        StartConsumerSpan("receive ", MessagingAttributes.OperationReceive, "poll", topic, partition, group, offset, key, headers, default);

    /// <summary>"process {topic}" (Consumer kind), child of <paramref name="parent"/> (e.g. the receive span) and linked to the producer's context.</summary>
    public static Activity? StartProcess(string topic, int partition, string? group, long offset, byte[]? key, Headers? headers, ActivityContext parent = default) =>
        StartConsumerSpan("process ", MessagingAttributes.OperationProcess, "process", topic, partition, group, offset, key, headers, parent);

    /// <summary>Records where an acknowledged record landed.</summary>
    public static void SetDelivered(Activity? activity, int partition, long offset)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingAttributes.PartitionId, partition.ToString(CultureInfo.InvariantCulture));
            activity.SetTag(MessagingAttributes.Offset, offset);
        }
    }

    /// <summary>Marks the span failed with error.type set to the exception's type (the semantic convention).</summary>
    public static void SetError(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag(MessagingAttributes.ErrorType, exception.GetType().FullName);
    }

    private static Activity? StartConsumerSpan(string prefix, string operationType, string operationName, string topic, int partition, string? group, long offset, byte[]? key, Headers? headers, ActivityContext parent)
    {
        var source = GranaryDiagnostics.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = TraceContextPropagator.TryExtract(headers, out var producer) ? [new ActivityLink(producer)] : null;
        var activity = source.StartActivity(prefix + topic, ActivityKind.Consumer, parent, tags: null, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            SetCommon(activity, topic, operationType, operationName);
            activity.SetTag(MessagingAttributes.PartitionId, partition.ToString(CultureInfo.InvariantCulture));
            activity.SetTag(MessagingAttributes.Offset, offset);
            if (group is not null)
            {
                activity.SetTag(MessagingAttributes.ConsumerGroupName, group);
            }

            SetKey(activity, key);
        }

        return activity;
    }

    private static void SetCommon(Activity activity, string topic, string operationType, string operationName)
    {
        activity.SetTag(MessagingAttributes.System, MessagingAttributes.SystemKafka);
        activity.SetTag(MessagingAttributes.DestinationName, topic);
        activity.SetTag(MessagingAttributes.OperationType, operationType);
        activity.SetTag(MessagingAttributes.OperationName, operationName);
    }

    // The convention records keys as strings; a key that is not short valid UTF-8 text is left out.
    private static void SetKey(Activity activity, byte[]? key)
    {
        if (key is { Length: > 0 and <= MaxKeyAttributeBytes } && System.Text.Unicode.Utf8.IsValid(key))
        {
            activity.SetTag(MessagingAttributes.MessageKey, Encoding.UTF8.GetString(key!));
        }
    }
}
