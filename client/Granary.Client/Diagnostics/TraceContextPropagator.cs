// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;

namespace Granary.Client.Diagnostics;

/// <summary>
/// Carries W3C trace context (<c>traceparent</c>, <c>tracestate</c>) in record headers, so a consumer's receive and
/// process spans can link to the span that produced the record.
/// </summary>
public static class TraceContextPropagator
{
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    /// <summary>Writes the context of <paramref name="activity"/> (replacing earlier values); does nothing for null.</summary>
    public static void Inject(Activity? activity, Headers headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }

        headers.Remove(TraceParentHeader);
        headers.Remove(TraceStateHeader);
        headers.Add(TraceParentHeader, Encoding.ASCII.GetBytes(activity.Id!));
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            headers.Add(TraceStateHeader, Encoding.ASCII.GetBytes(activity.TraceStateString));
        }
    }

    /// <summary>Reads the producer's context; false when the headers carry none or it is malformed (untrusted input).</summary>
    public static bool TryExtract(Headers? headers, out ActivityContext context)
    {
        context = default;
        if (headers is null || !headers.TryGetLastBytes(TraceParentHeader, out var parent) || parent is null || parent.Length is 0 or > 128)
        {
            return false;
        }

        string? state = null;
        if (headers.TryGetLastBytes(TraceStateHeader, out var stateBytes) && stateBytes is { Length: > 0 and <= 512 })
        {
            state = Encoding.ASCII.GetString(stateBytes);
        }

        return ActivityContext.TryParse(Encoding.ASCII.GetString(parent), state, isRemote: true, out context);
    }
}
