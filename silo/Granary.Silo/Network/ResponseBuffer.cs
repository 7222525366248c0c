// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.IO.Pipelines;
using Granary.Protocol.Primitives;

namespace Granary.Silo.Network;

/// <summary>
/// One encoded response (header and body, no size prefix): bytes in a pooled buffer, with <see cref="ExternalBytes"/>
/// (fetched record ranges of segment files) spliced in by reference and read only when the response is written to
/// the connection.
/// </summary>
public sealed class ResponseBuffer : IBufferWriter<byte>, IExternalBytesSink, IDisposable
{
    // Chunk size for reading external bytes into the pipe: large enough that a read is one syscall per 64 KiB, small
    // enough to come from the shared array pool rather than the large object heap.
    private const int ReadChunkBytes = 64 * 1024;

    // While copying external bytes, flush once this much is buffered so the socket sends while the file is read.
    private const int FlushEveryBytes = 1024 * 1024;

    private readonly PooledBufferWriter _buffer;
    private List<(int Position, ExternalBytes Bytes)>? _external;
    private long _externalLength;

    public ResponseBuffer(int initialCapacity = 4096) => _buffer = new PooledBufferWriter(initialCapacity);

    /// <summary>The response's length: buffered plus external bytes.</summary>
    public int WrittenCount => checked((int)(_buffer.WrittenCount + _externalLength));

    /// <summary>True when some bytes are external (read from their source at write time).</summary>
    public bool HasExternalBytes => _external is { Count: > 0 };

    /// <summary>The response's bytes when none is external (see <see cref="ToArray"/> otherwise).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => HasExternalBytes
        ? throw new InvalidOperationException("The response has external bytes; use ToArray or WriteToAsync.")
        : _buffer.WrittenMemory;

    public void Advance(int count) => _buffer.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);

    public void AppendExternal(ExternalBytes bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        bytes.Claim();
        (_external ??= []).Add((_buffer.WrittenCount, bytes));
        _externalLength += bytes.Length;
    }

    /// <summary>A copy of the whole response, external bytes read in (tests and diagnostics).</summary>
    public byte[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<byte>(WrittenCount);
        var written = _buffer.WrittenSpan;
        var from = 0;
        var to = 0;
        foreach (var (position, bytes) in _external ?? [])
        {
            written[from..position].CopyTo(result.AsSpan(to));
            to += position - from;
            from = position;
            bytes.Read(0, result.AsSpan(to, bytes.Length));
            to += bytes.Length;
        }

        written[from..].CopyTo(result.AsSpan(to));
        return result;
    }

    /// <summary>
    /// Writes the response to <paramref name="output"/>: buffered bytes are copied, external bytes are read from
    /// their source straight into the pipe's memory. Flushes along the way for large external ranges.
    /// </summary>
    public async ValueTask<bool> WriteToAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var from = 0;
        foreach (var (position, bytes) in _external ?? [])
        {
            output.Write(_buffer.WrittenSpan[from..position]);
            from = position;
            long offset = 0;
            while (offset < bytes.Length)
            {
                var memory = output.GetMemory((int)Math.Min(ReadChunkBytes, bytes.Length - offset));
                var take = (int)Math.Min(memory.Length, bytes.Length - offset);
                bytes.Read(offset, memory.Span[..take]);
                output.Advance(take);
                offset += take;
                if (output.CanGetUnflushedBytes && output.UnflushedBytes >= FlushEveryBytes)
                {
                    var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (flush.IsCompleted || flush.IsCanceled)
                    {
                        return false;
                    }
                }
            }
        }

        output.Write(_buffer.WrittenSpan[from..]);
        return true;
    }

    public void Dispose()
    {
        _buffer.Dispose();
        if (_external is { } external)
        {
            _external = null;
            foreach (var (_, bytes) in external)
            {
                ((IDisposable)bytes).Dispose();
            }
        }
    }
}
