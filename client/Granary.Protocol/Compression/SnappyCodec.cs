// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;

namespace Granary.Protocol.Compression;

/// <summary>
/// Kafka's snappy codec. Java clients write snappy-java's "xerial" framing (a 16-byte header, then blocks of at most
/// 32 KiB each prefixed by a big-endian int32 compressed length); librdkafka and others may write one raw snappy
/// block. Both are read; the xerial form is written.
/// </summary>
/// <remarks>
/// IronSnappy decodes into an array sized from the block's declared length, so that length (a varint at the
/// block's start) is checked against the caller's bound before decoding. IronSnappy reports corrupt input with
/// assorted exceptions; all of them become <see cref="ProtocolException"/>.
/// </remarks>
public sealed class SnappyCodec : CompressionCodec
{
    public static readonly SnappyCodec Instance = new();

    private const int XerialHeaderSize = 16;
    private const int XerialBlockSize = 32 * 1024;

    private static ReadOnlySpan<byte> XerialMagic => [0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0];

    public override CompressionType Type => CompressionType.Snappy;

    public override void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        var header = destination.GetSpan(XerialHeaderSize);
        XerialMagic.CopyTo(header);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], 1);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], 1);
        destination.Advance(XerialHeaderSize);
        while (!source.IsEmpty)
        {
            var chunk = source[..Math.Min(XerialBlockSize, source.Length)];
            source = source[chunk.Length..];
            var block = IronSnappy.Snappy.Encode(chunk);
            var span = destination.GetSpan(4 + block.Length);
            BinaryPrimitives.WriteInt32BigEndian(span, block.Length);
            block.CopyTo(span[4..]);
            destination.Advance(4 + block.Length);
        }
    }

    public override int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputBytes)
    {
        if (!source.StartsWith(XerialMagic))
        {
            return DecodeBlock(source, destination, maxOutputBytes);
        }

        if (source.Length < XerialHeaderSize)
        {
            throw Corrupt("snappy", "the xerial header is truncated.");
        }

        source = source[XerialHeaderSize..];
        var total = 0;
        while (!source.IsEmpty)
        {
            if (source.Length < 4)
            {
                throw Corrupt("snappy", "a xerial block length is truncated.");
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(source);
            if (length < 0 || length > source.Length - 4)
            {
                throw Corrupt("snappy", "a xerial block overruns the data.");
            }

            total += DecodeBlock(source.Slice(4, length), destination, maxOutputBytes - total);
            source = source[(4 + length)..];
        }

        return total;
    }

    private static int DecodeBlock(ReadOnlySpan<byte> block, IBufferWriter<byte> destination, int room)
    {
        var n = VarInt.TryReadUnsignedVarInt(block, out var declared);
        if (n <= 0)
        {
            throw Corrupt("snappy", "the block's length prefix is malformed.");
        }

        if (declared > (uint)room)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"snappy data declares {declared} bytes, beyond the remaining {room}-byte bound; refused.");
        }

        byte[] decoded;
        try
        {
            decoded = IronSnappy.Snappy.Decode(block);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Corrupt snappy data: {e.Message}", e);
        }

        if (decoded.Length != declared)
        {
            throw Corrupt("snappy", "the block decodes to a length other than it declares.");
        }

        destination.Write(decoded);
        return decoded.Length;
    }
}
