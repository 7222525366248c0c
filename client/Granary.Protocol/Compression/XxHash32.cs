// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Granary.Protocol.Compression;

/// <summary>
/// xxHash32, the checksum of the LZ4 frame format (header, block and content checksums). Streaming: feed with
/// <see cref="Append"/>, finish with <see cref="GetCurrentHash"/>; or hash a span at once with <see cref="Hash"/>.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public struct XxHash32
{
    private const uint Prime1 = 2654435761u;
    private const uint Prime2 = 2246822519u;
    private const uint Prime3 = 3266489917u;
    private const uint Prime4 = 668265263u;
    private const uint Prime5 = 374761393u;

    private readonly uint _seed;
    private uint _v1;
    private uint _v2;
    private uint _v3;
    private uint _v4;
    private ulong _length;
    private Pending _pending;
    private int _pendingCount;

    public XxHash32(uint seed = 0)
    {
        _seed = seed;
        _v1 = seed + Prime1 + Prime2;
        _v2 = seed + Prime2;
        _v3 = seed;
        _v4 = seed - Prime1;
        _length = 0;
        _pending = default;
        _pendingCount = 0;
    }

    public static uint Hash(ReadOnlySpan<byte> data, uint seed = 0)
    {
        var hash = new XxHash32(seed);
        hash.Append(data);
        return hash.GetCurrentHash();
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += (ulong)data.Length;
        Span<byte> pending = _pending;
        if (_pendingCount > 0)
        {
            var take = Math.Min(16 - _pendingCount, data.Length);
            data[..take].CopyTo(pending[_pendingCount..]);
            _pendingCount += take;
            data = data[take..];
            if (_pendingCount < 16)
            {
                return;
            }

            Stripe(pending);
            _pendingCount = 0;
        }

        while (data.Length >= 16)
        {
            Stripe(data);
            data = data[16..];
        }

        data.CopyTo(pending);
        _pendingCount = data.Length;
    }

    public readonly uint GetCurrentHash()
    {
        var acc = _length >= 16
            ? BitOperations.RotateLeft(_v1, 1) + BitOperations.RotateLeft(_v2, 7) + BitOperations.RotateLeft(_v3, 12) + BitOperations.RotateLeft(_v4, 18)
            : _seed + Prime5;
        acc += (uint)_length;
        var pending = _pending;
        ReadOnlySpan<byte> tail = ((ReadOnlySpan<byte>)pending)[.._pendingCount];
        while (tail.Length >= 4)
        {
            acc = BitOperations.RotateLeft(acc + (BinaryPrimitives.ReadUInt32LittleEndian(tail) * Prime3), 17) * Prime4;
            tail = tail[4..];
        }

        foreach (var b in tail)
        {
            acc = BitOperations.RotateLeft(acc + (b * Prime5), 11) * Prime1;
        }

        acc ^= acc >> 15;
        acc *= Prime2;
        acc ^= acc >> 13;
        acc *= Prime3;
        acc ^= acc >> 16;
        return acc;
    }

    private static uint Round(uint v, uint lane) => BitOperations.RotateLeft(v + (lane * Prime2), 13) * Prime1;

    private void Stripe(ReadOnlySpan<byte> s)
    {
        _v1 = Round(_v1, BinaryPrimitives.ReadUInt32LittleEndian(s));
        _v2 = Round(_v2, BinaryPrimitives.ReadUInt32LittleEndian(s[4..]));
        _v3 = Round(_v3, BinaryPrimitives.ReadUInt32LittleEndian(s[8..]));
        _v4 = Round(_v4, BinaryPrimitives.ReadUInt32LittleEndian(s[12..]));
    }

    [System.Runtime.CompilerServices.InlineArray(16)]
    private struct Pending
    {
        private byte _element;
    }
}
