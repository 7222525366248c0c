// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Granary.Protocol.Records;

namespace Granary.Protocol.Compression;

/// <summary>Kafka's lz4 codec: the LZ4 frame format with the correct (post KAFKA-3160) header checksum, as v2 batches use.</summary>
public sealed class Lz4Codec : CompressionCodec
{
    public static readonly Lz4Codec Instance = new();

    public override CompressionType Type => CompressionType.Lz4;

    public override void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination) => Lz4Frame.Compress(source, destination);

    public override int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputBytes) =>
        Lz4Frame.Decompress(source, destination, maxOutputBytes);
}
