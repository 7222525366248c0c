// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Granary.Client.Diagnostics;

/// <summary>
/// The client's messaging.client.* instruments (OpenTelemetry messaging semantic conventions) and a consumer lag gauge,
/// all on the "Granary" meter.
/// </summary>
public static class MessagingMetrics
{
    private static readonly ConcurrentDictionary<object, Func<IEnumerable<Measurement<long>>>> s_lagSources = new();

    /// <summary>messaging.client.sent.messages: records acknowledged (or failed, with error.type) per topic.</summary>
    public static readonly Counter<long> SentMessages = GranaryDiagnostics.Meter.CreateCounter<long>(
        "messaging.client.sent.messages", "{message}", "Number of messages producers attempted to send.");

    /// <summary>messaging.client.consumed.messages: records handed to the application per topic and partition.</summary>
    public static readonly Counter<long> ConsumedMessages = GranaryDiagnostics.Meter.CreateCounter<long>(
        "messaging.client.consumed.messages", "{message}", "Number of messages delivered to consumers.");

    /// <summary>messaging.client.operation.duration: send (until acknowledged) and receive durations, in seconds.</summary>
    public static readonly Histogram<double> OperationDuration = GranaryDiagnostics.Meter.CreateHistogram<double>(
        "messaging.client.operation.duration", "s", "Duration of messaging operations initiated by a producer or consumer client.");

    /// <summary>messaging.process.duration: time the application's handler took per record, in seconds.</summary>
    public static readonly Histogram<double> ProcessDuration = GranaryDiagnostics.Meter.CreateHistogram<double>(
        "messaging.process.duration", "s", "Duration of processing operation.");

    /// <summary>granary.consumer.lag: HighWatermark minus committed position, per consumer group and partition.</summary>
    public static readonly ObservableGauge<long> ConsumerLag = GranaryDiagnostics.Meter.CreateObservableGauge(
        "granary.consumer.lag", ObserveLag, "{message}", "Records between a subscription's committed position and the partition's high watermark.");

    /// <summary>Registers a lag source (one per subscription); dispose the result to remove it.</summary>
    public static IDisposable RegisterLagSource(Func<IEnumerable<Measurement<long>>> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var owner = new LagRegistration();
        s_lagSources[owner] = source;
        return owner;
    }

    /// <summary>The tags every Granary measurement of one destination carries.</summary>
    public static TagList DestinationTags(string topic, int? partition = null, string? group = null, string? errorType = null)
    {
        var tags = new TagList
        {
            { MessagingAttributes.System, MessagingAttributes.SystemKafka },
            { MessagingAttributes.DestinationName, topic },
        };
        if (partition is { } p)
        {
            tags.Add(MessagingAttributes.PartitionId, p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (group is not null)
        {
            tags.Add(MessagingAttributes.ConsumerGroupName, group);
        }

        if (errorType is not null)
        {
            tags.Add(MessagingAttributes.ErrorType, errorType);
        }

        return tags;
    }

    private static IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var source in s_lagSources.Values)
        {
            foreach (var measurement in source())
            {
                yield return measurement;
            }
        }
    }

    private sealed class LagRegistration : IDisposable
    {
        public void Dispose() => s_lagSources.TryRemove(this, out _);
    }
}
