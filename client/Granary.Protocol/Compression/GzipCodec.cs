// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.IO.Compression;
using Granary.Protocol.Records;

namespace Granary.Protocol.Compression;

/// <summary>gzip (RFC 1952) through <see cref="GZipStream"/>; concatenated members are read as one stream.</summary>
public sealed class GzipCodec : CompressionCodec
{
    public static readonly GzipCodec Instance = new();

    public override CompressionType Type => CompressionType.Gzip;

    public override void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        using var sink = new BufferWriterStream(destination);
        using var gzip = new GZipStream(sink, CompressionLevel.Fastest, leaveOpen: true);
        gzip.Write(source);
    }

    public override unsafe int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputBytes)
    {
        fixed (byte* p = source)
        {
            using var input = new UnmanagedMemoryStream(p, source.Length);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            var total = 0;
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
                        return total;
                    }

                    if (total + read > maxOutputBytes)
                    {
                        throw Bomb("gzip", maxOutputBytes);
                    }

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
    }
}
