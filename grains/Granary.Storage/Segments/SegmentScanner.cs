// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using Granary.Protocol.Records;
using Granary.Storage.IO;

namespace Granary.Storage.Segments;

/// <summary>
/// Walks the batches of a segment file with large sequential reads. With CRC checking it is the recovery scan:
/// it stops at the first byte that is not a whole, intact batch with increasing offsets.
/// </summary>
internal sealed class SegmentScanner : IDisposable
{
    private const int ChunkSize = 1024 * 1024;

    private readonly IStorageFile _file;
    private readonly long _end;
    private byte[] _buffer;
    private long _bufferStart;
    private int _bufferLength;

    public SegmentScanner(IStorageFile file, long end)
    {
        _file = file;
        _end = end;
        _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    }

    /// <summary>
    /// Scans from <paramref name="start"/>; returns the position after the last good batch and the reason it stopped
    /// (<see cref="RecordBatchValidation.Valid"/> at the clean end of the data).
    /// </summary>
    public (long ValidEnd, RecordBatchValidation Stop) Scan(long start, bool verifyCrc, long minimumBaseOffset, Action<RecordBatchHeader, long> onBatch)
    {
        var position = start;
        var expected = minimumBaseOffset;
        while (position < _end)
        {
            if (!Ensure(position, RecordBatchHeader.Size))
            {
                return (position, RecordBatchValidation.Incomplete);
            }

            var span = _buffer.AsSpan((int)(position - _bufferStart), _bufferLength - (int)(position - _bufferStart));
            var batchLength = BinaryPrimitives.ReadInt32BigEndian(span[RecordBatchHeader.BatchLengthOffset..]);
            if ((sbyte)span[RecordBatchHeader.MagicOffset] != RecordBatchHeader.CurrentMagic)
            {
                return (position, RecordBatchValidation.UnsupportedMagic);
            }

            if (batchLength < RecordBatchHeader.MinBatchLength)
            {
                return (position, RecordBatchValidation.BadLength);
            }

            var total = (long)batchLength + RecordBatchHeader.LogOverhead;
            if (position + total > _end)
            {
                return (position, RecordBatchValidation.Incomplete);
            }

            RecordBatchHeader header;
            if (verifyCrc)
            {
                if (total > int.MaxValue || !Ensure(position, (int)total))
                {
                    return (position, RecordBatchValidation.Incomplete);
                }

                var whole = _buffer.AsSpan((int)(position - _bufferStart), (int)total);
                var validation = RecordBatchHeader.TryRead(whole, out header);
                if (validation != RecordBatchValidation.Valid)
                {
                    return (position, validation);
                }
            }
            else
            {
                header = RecordBatchHeader.Read(span);
                if (header.LastOffsetDelta < 0)
                {
                    return (position, RecordBatchValidation.BadCount);
                }
            }

            if (header.BaseOffset < expected)
            {
                return (position, RecordBatchValidation.BadCount);
            }

            onBatch(header, position);
            expected = header.NextOffset;
            position += total;
        }

        return (position, RecordBatchValidation.Valid);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    private bool Ensure(long position, int count)
    {
        if (position >= _bufferStart && position + count <= _bufferStart + _bufferLength)
        {
            return true;
        }

        if (count > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(count);
        }

        var wanted = (int)Math.Min(_buffer.Length, _end - position);
        _bufferStart = position;
        _bufferLength = _file.Read(_buffer.AsSpan(0, wanted), position);
        return _bufferLength >= count;
    }
}
