// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Granary.Protocol.Records;

namespace Granary.Protocol.Compression;

/// <summary>
/// One record-batch compression codec. Compression trusts its input; decompression does not: it reads untrusted
/// bytes, never writes more than the caller's bound (a decompression bomb is refused, not inflated), and reports
/// truncated or corrupt input as <see cref="ProtocolException"/>, never as any other exception.
/// </summary>
public abstract class CompressionCodec
{
    public abstract CompressionType Type { get; }

    /// <summary>Appends the compressed form of <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public abstract void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination);

    /// <summary>
    /// Appends the decompressed form of <paramref name="source"/> to <paramref name="destination"/>, refusing with
    /// <see cref="ProtocolException"/> once the output would exceed <paramref name="maxOutputBytes"/>.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    public abstract int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputBytes);

    /// <summary>The shared codec for <paramref name="type"/>.</summary>
    public static CompressionCodec For(CompressionType type) => type switch
    {
        CompressionType.Gzip => GzipCodec.Instance,
        CompressionType.Snappy => SnappyCodec.Instance,
        CompressionType.Lz4 => Lz4Codec.Instance,
        CompressionType.Zstd => ZstdCodec.Instance,
        _ => throw new ProtocolException(KafkaErrorCode.UnsupportedCompressionType, $"Compression type {(int)type} is not a codec."),
    };

    private protected static ProtocolException Bomb(string codec, int maxOutputBytes) =>
        new(KafkaErrorCode.CorruptMessage, $"{codec} data decompresses to more than the {maxOutputBytes}-byte bound; refused.");

    private protected static ProtocolException Corrupt(string codec, string detail) =>
        new(KafkaErrorCode.CorruptMessage, $"Corrupt {codec} data: {detail}");
}
