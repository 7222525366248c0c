// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol.Records;

namespace Granary.Protocol.Tests.Records;

/// <summary>Helpers that damage a built batch in one precise way, optionally keeping its CRC valid.</summary>
internal static class BatchBytes
{
    public static void FixCrc(byte[] batch) =>
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(RecordBatchHeader.CrcOffset), RecordBatchHeader.ComputeCrc(batch));

    public static void SetInt32(byte[] batch, int offset, int value, bool fixCrc = true)
    {
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(offset), value);
        if (fixCrc)
        {
            FixCrc(batch);
        }
    }

    /// <summary>A batch holding one record with key "k", value "v", no headers, every varint one byte.</summary>
    public static byte[] SingleSmallRecord()
    {
        using var builder = new RecordBatchBuilder();
        builder.Append(1000, "k"u8, "v"u8);
        return builder.ToArray();
    }

    public static byte[] Build(int count, CompressionType compression = CompressionType.None, int valueSize = 10)
    {
        using var builder = new RecordBatchBuilder(compression);
        var value = new byte[valueSize];
        for (var i = 0; i < count; i++)
        {
            value.AsSpan().Fill((byte)('a' + (i % 26)));
            builder.Append(1_700_000_000_000 + i, BitConverter.GetBytes(i), value);
        }

        return builder.ToArray();
    }
}
