// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;

namespace Granary.Protocol.Records;

/// <summary>
/// Enumerates the concatenated batches of a records field (Produce, Fetch, a segment file range) without allocating.
/// A partial trailing batch - which a Fetch response may legally end with - stops the enumeration and sets
/// <see cref="IsIncomplete"/>; anything else malformed throws <see cref="ProtocolException"/>.
/// </summary>
public ref struct RecordBatchEnumerator
{
    private const int LegacyMinimumV0 = 14;
    private const int LegacyMinimumV1 = 22;

    private readonly ReadOnlySpan<byte> _all;
    private readonly bool _verifyCrc;
    private int _position;

    public RecordBatchEnumerator(ReadOnlySpan<byte> records, bool verifyCrc = true)
    {
        _all = records;
        _verifyCrc = verifyCrc;
        _position = 0;
        Current = default;
    }

    public RecordBatchEntry Current { get; private set; }

    /// <summary>Set when the enumeration stopped at a partial batch rather than at the end of the range.</summary>
    public bool IsIncomplete { get; private set; }

    /// <summary>The bytes taken by whole batches so far (where a partial trailing batch starts).</summary>
    public readonly int Consumed => _position;

    public readonly RecordBatchEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        var rest = _all[_position..];
        if (rest.IsEmpty)
        {
            return false;
        }

        if (rest.Length <= RecordBatchHeader.MagicOffset)
        {
            IsIncomplete = true;
            return false;
        }

        var magic = (sbyte)rest[RecordBatchHeader.MagicOffset];
        if (magic is 0 or 1)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(rest[RecordBatchHeader.BatchLengthOffset..]);
            if (size < (magic == 0 ? LegacyMinimumV0 : LegacyMinimumV1))
            {
                throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"A v{magic} message at position {_position} has size {size}, too small.");
            }

            if ((long)size + RecordBatchHeader.LogOverhead > rest.Length)
            {
                IsIncomplete = true;
                return false;
            }

            var total = size + RecordBatchHeader.LogOverhead;
            Current = new RecordBatchEntry(magic, default, rest[..total], _position);
            _position += total;
            return true;
        }

        var validation = RecordBatchHeader.TryRead(rest, out var header, _verifyCrc);
        if (validation == RecordBatchValidation.Incomplete)
        {
            IsIncomplete = true;
            return false;
        }

        if (validation != RecordBatchValidation.Valid)
        {
            throw RecordBatchReader.ToException(validation, rest);
        }

        Current = new RecordBatchEntry(magic, header, rest[..header.TotalSize], _position);
        _position += header.TotalSize;
        return true;
    }
}
