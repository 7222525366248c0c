// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;
using Granary.Protocol.Records;

namespace Granary.Client.Diagnostics;

/// <summary>
/// The producer's "send" span: started when a record is handed to the producer, ended when it is acknowledged or
/// fails, and written into the record as W3C <c>traceparent</c>/<c>tracestate</c> headers so consumers link to it.
/// Nothing is allocated unless an ActivityListener listens to the "Granary" source.
/// </summary>
internal static class ProducerTracing
{
    /// <summary>Starts the span without making it the caller's current activity (it outlives the Produce call); null when nobody listens.</summary>
    public static Activity? StartSend(string topic, byte[]? key)
    {
        if (!GranaryDiagnostics.ActivitySource.HasListeners())
        {
            return null;
        }

        var caller = Activity.Current;
        var activity = MessagingActivities.StartSend(topic, key);
        Activity.Current = caller;
        return activity;
    }

    /// <summary>The record's headers with any earlier trace context (e.g. of a replayed record) replaced by the span's.</summary>
    public static RecordHeader[] WithTraceContext(Activity activity, RecordHeader[] headers)
    {
        if (activity.IdFormat != ActivityIdFormat.W3C || activity.Id is null)
        {
            return headers;
        }

        var state = activity.TraceStateString;
        var result = new List<RecordHeader>(headers.Length + 2);
        foreach (var header in headers)
        {
            if (header.Key is not (TraceContextPropagator.TraceParentHeader or TraceContextPropagator.TraceStateHeader))
            {
                result.Add(header);
            }
        }

        result.Add(new RecordHeader(TraceContextPropagator.TraceParentHeader, Encoding.ASCII.GetBytes(activity.Id)));
        if (!string.IsNullOrEmpty(state))
        {
            result.Add(new RecordHeader(TraceContextPropagator.TraceStateHeader, Encoding.ASCII.GetBytes(state)));
        }

        return [.. result];
    }

    /// <summary>Ends the span with where the record landed, or with the error; keeps the calling thread's current activity.</summary>
    public static void Complete(Activity? activity, int partition, long offset, Error error)
    {
        if (activity is null)
        {
            return;
        }

        if (error.IsError)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Reason);
            activity.SetTag(MessagingAttributes.ErrorType, error.Code.ToString());
        }
        else
        {
            MessagingActivities.SetDelivered(activity, partition, offset);
        }

        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }
}
