// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;

namespace Granary.Protocol.Records;

/// <summary>
/// One record of a v2 batch, as views into the batch's bytes (or its decompressed records section). Valid only while
/// those bytes are; nothing here is copied or allocated.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly ref struct Record
{
    private readonly long _baseOffset;
    private readonly long _baseTimestamp;
    private readonly long _logAppendTime;

    internal Record(long baseOffset, long baseTimestamp, long logAppendTime, int offsetDelta, long timestampDelta, byte attributes,
        ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull, int headerCount, ReadOnlySpan<byte> rawHeaders)
    {
        _baseOffset = baseOffset;
        _baseTimestamp = baseTimestamp;
        _logAppendTime = logAppendTime;
        OffsetDelta = offsetDelta;
        TimestampDelta = timestampDelta;
        Attributes = attributes;
        Key = key;
        IsKeyNull = keyIsNull;
        Value = value;
        IsValueNull = valueIsNull;
        HeaderCount = headerCount;
        RawHeaders = rawHeaders;
    }

    public int OffsetDelta { get; }

    public long TimestampDelta { get; }

    /// <summary>The record-level attributes byte (unused by Kafka so far; always 0 from current producers).</summary>
    public byte Attributes { get; }

    /// <summary>The batch's base offset plus <see cref="OffsetDelta"/>.</summary>
    public long Offset => _baseOffset + OffsetDelta;

    /// <summary>The create time, or for a LogAppendTime batch the batch's MaxTimestamp, as Kafka reports it.</summary>
    public long Timestamp => _logAppendTime >= 0 ? _logAppendTime : _baseTimestamp + TimestampDelta;

    /// <summary>The key bytes; empty when the key is null (see <see cref="IsKeyNull"/>).</summary>
    public ReadOnlySpan<byte> Key { get; }

    public bool IsKeyNull { get; }

    /// <summary>The value bytes; empty when the value is null (a tombstone, see <see cref="IsValueNull"/>).</summary>
    public ReadOnlySpan<byte> Value { get; }

    public bool IsValueNull { get; }

    public int HeaderCount { get; }

    /// <summary>The encoded headers (after the count), already validated, for copying a record unchanged.</summary>
    public ReadOnlySpan<byte> RawHeaders { get; }

    public RecordHeaderEnumerator Headers => new(RawHeaders, HeaderCount);
}
