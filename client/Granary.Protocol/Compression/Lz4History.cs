// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;

namespace Granary.Protocol.Compression;

/// <summary>
/// The sliding 64 KiB window a linked-block LZ4 frame decodes through: the tail of earlier output sits in front of
/// each new block so its matches can reach back across the block boundary.
/// </summary>
internal sealed class Lz4History : IDisposable
{
    private const int WindowSize = 64 * 1024;

    private readonly byte[] _buffer;
    private int _prefix;

    public Lz4History(int blockMax) => _buffer = ArrayPool<byte>.Shared.Rent(WindowSize + blockMax);

    /// <summary>
    /// Decodes <paramref name="block"/> after the window and copies its output to <paramref name="destination"/>;
    /// -1 when the output would exceed <paramref name="destination"/>'s length.
    /// </summary>
    public int Decompress(ReadOnlySpan<byte> block, Span<byte> destination)
    {
        var written = Lz4Block.Decompress(block, _buffer.AsSpan(0, _prefix + destination.Length), _prefix);
        if (written >= 0)
        {
            _buffer.AsSpan(_prefix, written).CopyTo(destination);
            Slide(written);
        }

        return written;
    }

    /// <summary>Adds an uncompressed block's bytes to the window.</summary>
    public void Append(ReadOnlySpan<byte> raw)
    {
        raw.CopyTo(_buffer.AsSpan(_prefix));
        Slide(raw.Length);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    private void Slide(int added)
    {
        var end = _prefix + added;
        var keep = Math.Min(end, WindowSize);
        _buffer.AsSpan(end - keep, keep).CopyTo(_buffer);
        _prefix = keep;
    }
}
