// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Granary.Protocol.Records;

namespace Granary.Protocol.Compression;

/// <summary>gzip (RFC 1952) through <see cref="GZipStream"/>.</summary>
/// <remarks>
/// GZipStream returns whatever it inflated when its input simply stops, so a truncated payload would pass as a shorter
/// valid one. The codec therefore checks the trailer itself: the last 8 bytes must be the CRC-32 and length of the
/// output. That accepts the single-member streams every Kafka producer writes and refuses truncation; a multi-member
/// stream is refused too (its trailer covers only the last member).
/// </remarks>
public sealed class GzipCodec : CompressionCodec
{
    public static readonly GzipCodec Instance = new();

    private const int TrailerSize = 8;
    private const int MinimumMemberSize = 18;

    // A complete gzip member of no data: header, an empty final fixed-Huffman block, CRC 0, length 0.
    private static ReadOnlySpan<byte> EmptyMember => [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    public override CompressionType Type => CompressionType.Gzip;

    public override void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        if (source.IsEmpty)
        {
            // GZipStream writes nothing at all when given nothing, which no reader accepts as gzip.
            destination.Write(EmptyMember);
            return;
        }

        using var sink = new BufferWriterStream(destination);
        using var gzip = new GZipStream(sink, CompressionLevel.Fastest, leaveOpen: true);
        gzip.Write(source);
    }

    public override unsafe int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputBytes)
    {
        if (source.Length < MinimumMemberSize || source[0] != 0x1F || source[1] != 0x8B)
        {
            throw Corrupt("gzip", "too short or no gzip header.");
        }

        var crc = ~0u;
        var total = 0;
        fixed (byte* p = source)
        {
            using var input = new UnmanagedMemoryStream(p, source.Length);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            try
            {
                while (true)
                {
                    // Ask for one byte past the bound's remainder so output that ends exactly at the bound is accepted
                    // and anything longer is caught without inflating it.
                    var room = Math.Min(64 * 1024, maxOutputBytes - total + 1);
                    var span = destination.GetSpan(room)[..room];
                    var read = gzip.Read(span);
                    if (read == 0)
                    {
                        break;
                    }

                    if (total + read > maxOutputBytes)
                    {
                        throw Bomb("gzip", maxOutputBytes);
                    }

                    crc = Crc32Ieee.Append(crc, span[..read]);
                    destination.Advance(read);
                    total += read;
                }
            }
            catch (InvalidDataException e)
            {
                throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Corrupt gzip data: {e.Message}", e);
            }
            catch (EndOfStreamException e)
            {
                throw new ProtocolException(KafkaErrorCode.CorruptMessage, "Truncated gzip data.", e);
            }
        }

        var trailer = source[^TrailerSize..];
        if (BinaryPrimitives.ReadUInt32LittleEndian(trailer) != ~crc || BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) != (uint)total)
        {
            throw Corrupt("gzip", "truncated (the trailer does not match the output), or a multi-member stream.");
        }

        return total;
    }
}
