// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Granary.Protocol.Primitives;

namespace Granary.Protocol.Framing;

/// <summary>
/// A size-prefixed frame whose large bytes fields stay where they are: the frame's own bytes (size, header, the other
/// fields) go into a pooled buffer, and each record batch of at least <see cref="MinimumReferenceLength"/> bytes is
/// kept by reference, so a socket can send the whole frame with one gather write and the batches are not copied into
/// it. The referenced memory must not change until the frame is sent.
/// </summary>
public sealed class SegmentedFrame : IBufferWriter<byte>, IReferencedBytesSink, IDisposable
{
    /// <summary>Smaller fields are copied: below this a separate segment costs more than the copy saves.</summary>
    public const int MinimumReferenceLength = 4096;

    private readonly PooledBufferWriter _own;
    private List<(int Position, ArraySegment<byte> Bytes)>? _references;
    private long _referencedLength;
    private int _start = -1;

    public SegmentedFrame(int initialCapacity = 512) => _own = new PooledBufferWriter(initialCapacity);

    /// <summary>The frame's length in bytes, size prefix included.</summary>
    public long Length => _own.WrittenCount + _referencedLength;

    /// <summary>The number of fields held by reference.</summary>
    public int ReferenceCount => _references?.Count ?? 0;

    /// <summary>Reserves the size prefix; <see cref="EndFrame"/> patches it.</summary>
    public void BeginFrame()
    {
        if (_start >= 0)
        {
            throw new InvalidOperationException("The frame has already begun.");
        }

        _start = FrameWriter.BeginFrame(_own);
    }

    /// <summary>Patches the size prefix with every byte written since <see cref="BeginFrame"/>, referenced ones included.</summary>
    public void EndFrame()
    {
        if (_start < 0)
        {
            throw new InvalidOperationException("The frame has not begun.");
        }

        var size = Length - _start - FrameReader.SizePrefixLength;
        if (size > int.MaxValue)
        {
            throw new InvalidOperationException($"A frame of {size} bytes exceeds the protocol's limit.");
        }

        BinaryPrimitives.WriteInt32BigEndian(_own.WrittenSpanMutable.Slice(_start, FrameReader.SizePrefixLength), (int)size);
    }

    /// <summary>The whole frame when no field is held by reference (<see cref="ReferenceCount"/> is 0).</summary>
    public ReadOnlyMemory<byte> ContiguousMemory =>
        ReferenceCount == 0 ? _own.WrittenMemory : throw new InvalidOperationException("The frame references fields; send its segments.");

    /// <summary>The frame as the ordered segments a gather write sends: own bytes and referenced fields, none empty.</summary>
    public List<ArraySegment<byte>> ToSegments()
    {
        var own = OwnBytes();
        var segments = new List<ArraySegment<byte>>(1 + (2 * ReferenceCount));
        var position = 0;
        foreach (var (at, bytes) in _references ?? [])
        {
            if (at > position)
            {
                segments.Add(own[position..at]);
            }

            segments.Add(bytes);
            position = at;
        }

        if (own.Count > position)
        {
            segments.Add(own[position..]);
        }

        return segments;
    }

    public bool TryAppendReference(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length < MinimumReferenceLength || !MemoryMarshal.TryGetArray(bytes, out var segment))
        {
            return false;
        }

        (_references ??= []).Add((_own.WrittenCount, segment));
        _referencedLength += bytes.Length;
        return true;
    }

    public void Advance(int count) => _own.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => _own.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _own.GetSpan(sizeHint);

    public void Dispose() => _own.Dispose();

    private ArraySegment<byte> OwnBytes() =>
        MemoryMarshal.TryGetArray(_own.WrittenMemory, out var own) ? own : throw new InvalidOperationException("A pooled buffer is array-backed.");
}
