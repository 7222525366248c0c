// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Granary.Protocol;
using Granary.Protocol.Records;

namespace Granary.Silo.Diagnostics;

/// <summary>
/// The silo's own instruments on the meter <c>Granary.Silo</c> (OpenTelemetry: <c>AddMeter("Granary.Silo")</c>):
/// <c>granary.silo.bytes_in</c> / <c>granary.silo.bytes_out</c> (Kafka frames, size prefix included),
/// <c>granary.silo.messages_in</c> (records accepted by Produce) and <c>granary.silo.request.duration</c> (seconds
/// from a decoded header to an encoded response, tagged with <c>api</c>, Kafka's API name, e.g. <c>Produce</c>).
/// </summary>
public sealed class SiloMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Granary.Silo";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;
    private readonly Counter<long> _messagesIn;
    private readonly Histogram<double> _requestDuration;
    private readonly string[] _apiNames;

    public SiloMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _bytesIn = _meter.CreateCounter<long>("granary.silo.bytes_in", "By", "Bytes of Kafka requests received.");
        _bytesOut = _meter.CreateCounter<long>("granary.silo.bytes_out", "By", "Bytes of Kafka responses sent.");
        _messagesIn = _meter.CreateCounter<long>("granary.silo.messages_in", "{message}", "Records appended by Produce requests.");
        _requestDuration = _meter.CreateHistogram<double>("granary.silo.request.duration", "s", "Time from a decoded request header to an encoded response.");

        // Tag values are allocated once per API key, not per request.
        _apiNames = new string[Enum.GetValues<ApiKey>().Max(k => (int)k) + 1];
        foreach (var key in Enum.GetValues<ApiKey>())
        {
            _apiNames[(int)key] = key.ToString();
        }
    }

    public void BytesIn(long bytes) => _bytesIn.Add(bytes);

    public void BytesOut(long bytes) => _bytesOut.Add(bytes);

    public void MessagesIn(long count)
    {
        if (count > 0)
        {
            _messagesIn.Add(count);
        }
    }

    public void RequestCompleted(ApiKey apiKey, TimeSpan duration)
    {
        var index = (int)apiKey;
        var name = index >= 0 && index < _apiNames.Length && _apiNames[index] is { } known ? known : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _requestDuration.Record(duration.TotalSeconds, new TagList { { "api", name } });
    }

    /// <summary>The records in a run of v2 batches (a partition's Produce payload); stops at anything else.</summary>
    public static long CountRecords(ReadOnlySpan<byte> batches)
    {
        long count = 0;
        while (batches.Length >= RecordBatchHeader.Size && batches[RecordBatchHeader.MagicOffset] == 2)
        {
            var total = (long)BinaryPrimitives.ReadInt32BigEndian(batches[RecordBatchHeader.BatchLengthOffset..]) + RecordBatchHeader.LogOverhead;
            if (total < RecordBatchHeader.Size || total > batches.Length)
            {
                break;
            }

            count += Math.Max(0, BinaryPrimitives.ReadInt32BigEndian(batches[RecordBatchHeader.RecordCountOffset..]));
            batches = batches[(int)total..];
        }

        return count;
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
