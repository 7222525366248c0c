// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using Granary.Client;

namespace Granary.Streams.Delivery;

/// <summary>One record read from the log, as the delivery engine sees it (raw bytes; deserialised by the processor).</summary>
public sealed class StreamRecord
{
    public StreamRecord(string topic, int partition, long offset, byte[]? key, byte[]? value, Headers? headers = null, Timestamp timestamp = default)
    {
        Topic = topic;
        Partition = partition;
        Offset = offset;
        Key = key;
        Value = value;
        Headers = headers ?? [];
        Timestamp = timestamp;
    }

    public string Topic { get; }

    public int Partition { get; }

    public long Offset { get; }

    public byte[]? Key { get; }

    public byte[]? Value { get; }

    public Headers Headers { get; }

    public Timestamp Timestamp { get; }

    public StreamSequenceToken Token => new(Partition, Offset);

    /// <summary>The receive span's context, the parent of the process spans.</summary>
    internal ActivityContext ReceiveContext { get; set; }
}
