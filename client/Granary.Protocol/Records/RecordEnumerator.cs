// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Primitives;

namespace Granary.Protocol.Records;

/// <summary>
/// Enumerates the records of one batch without allocating. Each record is bounds-checked as it is reached; a record
/// that overruns its length or the section, a bad length, offset deltas that do not increase or exceed the batch's
/// LastOffsetDelta, and a record count that differs from the header all throw <see cref="ProtocolException"/>.
/// </summary>
public ref struct RecordEnumerator
{
    private readonly long _baseOffset;
    private readonly long _baseTimestamp;
    private readonly long _logAppendTime;
    private readonly int _recordCount;
    private readonly int _lastOffsetDelta;
    private readonly int _sectionLength;
    private ReadOnlySpan<byte> _remaining;
    private int _index;
    private int _previousDelta;

    internal RecordEnumerator(ReadOnlySpan<byte> records, RecordBatchHeader header)
    {
        _remaining = records;
        _sectionLength = records.Length;
        _baseOffset = header.BaseOffset;
        _baseTimestamp = header.BaseTimestamp;
        _logAppendTime = header.TimestampType == TimestampType.LogAppendTime ? header.MaxTimestamp : -1;
        _recordCount = header.RecordCount;
        _lastOffsetDelta = header.LastOffsetDelta;
        _index = 0;
        _previousDelta = -1;
        Current = default;
    }

    internal RecordEnumerator(ReadOnlySpan<byte> records, RecordBatchHeader header, RecordEnumeratorPosition resumeAt)
        : this(records, header)
    {
        if (resumeAt.Consumed < 0 || resumeAt.Consumed > records.Length || resumeAt.Index < 0 || resumeAt.Index > header.RecordCount ||
            resumeAt.PreviousDelta < -1 || resumeAt.PreviousDelta > header.LastOffsetDelta)
        {
            throw new ArgumentOutOfRangeException(nameof(resumeAt), resumeAt, "The position does not belong to this records section.");
        }

        _remaining = records[resumeAt.Consumed..];
        _index = resumeAt.Index;
        _previousDelta = resumeAt.PreviousDelta;
    }

    public Record Current { get; private set; }

    /// <summary>Where the enumerator stands now, to resume after <see cref="Current"/> with <see cref="RecordBatchReader.GetEnumerator(RecordEnumeratorPosition)"/>.</summary>
    public readonly RecordEnumeratorPosition Position => new(_sectionLength - _remaining.Length, _index, _previousDelta);

    /// <summary>The number of records returned so far.</summary>
    public readonly int Index => _index;

    public readonly RecordEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_index == _recordCount)
        {
            if (!_remaining.IsEmpty)
            {
                throw Invalid(KafkaErrorCode.CorruptMessage, $"{_remaining.Length} bytes follow the last of the batch's {_recordCount} records.");
            }

            return false;
        }

        if (_remaining.IsEmpty)
        {
            throw Invalid(KafkaErrorCode.InvalidRecord, $"The batch declares {_recordCount} records but holds {_index}.");
        }

        var n = VarInt.TryReadVarInt(_remaining, out var length);
        if (n <= 0 || length < 0 || length > _remaining.Length - n)
        {
            throw Invalid(KafkaErrorCode.CorruptMessage, $"Record {_index} has a bad length or overruns the batch.");
        }

        var body = _remaining.Slice(n, length);
        _remaining = _remaining[(n + length)..];
        Current = Parse(body);
        _index++;
        return true;
    }

    private Record Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw Invalid(KafkaErrorCode.CorruptMessage, $"Record {_index} is empty.");
        }

        var attributes = body[0];
        var p = 1;
        var n = VarInt.TryReadVarLong(body[p..], out var timestampDelta);
        p += n > 0 ? n : throw Invalid(KafkaErrorCode.CorruptMessage, $"Record {_index} has a bad timestamp delta.");
        n = VarInt.TryReadVarInt(body[p..], out var offsetDelta);
        p += n > 0 ? n : throw Invalid(KafkaErrorCode.CorruptMessage, $"Record {_index} has a bad offset delta.");
        if (offsetDelta <= _previousDelta || offsetDelta > _lastOffsetDelta)
        {
            throw Invalid(KafkaErrorCode.InvalidRecord, $"Record {_index} has offset delta {offsetDelta} after {_previousDelta} (last offset delta {_lastOffsetDelta}).");
        }

        _previousDelta = offsetDelta;
        var key = ReadBytes(body, ref p, out var keyIsNull, "key");
        var value = ReadBytes(body, ref p, out var valueIsNull, "value");
        n = VarInt.TryReadVarInt(body[p..], out var headerCount);
        p += n > 0 && headerCount >= 0 ? n : throw Invalid(KafkaErrorCode.CorruptMessage, $"Record {_index} has a bad header count.");
        var headersStart = p;
        for (var h = 0; h < headerCount; h++)
        {
            var headerKey = ReadBytes(body, ref p, out var headerKeyIsNull, "header key");
            if (headerKeyIsNull)
            {
                throw Invalid(KafkaErrorCode.CorruptMessage, $"Record {_index} has a null header key.");
            }

            _ = headerKey;
            _ = ReadBytes(body, ref p, out _, "header value");
        }

        if (p != body.Length)
        {
            throw Invalid(KafkaErrorCode.CorruptMessage, $"Record {_index} declares {body.Length} bytes but its fields take {p}.");
        }

        return new Record(_baseOffset, _baseTimestamp, _logAppendTime, offsetDelta, timestampDelta, attributes,
            key, keyIsNull, value, valueIsNull, headerCount, body[headersStart..]);
    }

    private readonly ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> body, scoped ref int p, out bool isNull, string what)
    {
        var n = VarInt.TryReadVarInt(body[p..], out var length);
        if (n <= 0 || length < -1 || length > body.Length - p - n)
        {
            throw Invalid(KafkaErrorCode.CorruptMessage, $"Record {_index} has a bad {what} length.");
        }

        p += n;
        isNull = length < 0;
        if (isNull)
        {
            return default;
        }

        var bytes = body.Slice(p, length);
        p += length;
        return bytes;
    }

    private static ProtocolException Invalid(KafkaErrorCode code, string message) => new(code, message);
}
