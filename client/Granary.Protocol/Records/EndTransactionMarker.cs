// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;

namespace Granary.Protocol.Records;

/// <summary>
/// The control record a transaction coordinator writes to end a transaction on a partition. Key: version int16 (0) +
/// type int16; value: version int16 (0) + coordinator epoch int32.
/// </summary>
public readonly record struct EndTransactionMarker(ControlRecordType Type, int CoordinatorEpoch)
{
    public const int KeySize = 4;
    public const int ValueSize = 6;
    public const short CurrentVersion = 0;

    public void WriteKey(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt16BigEndian(destination, CurrentVersion);
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], (short)Type);
    }

    public void WriteValue(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt16BigEndian(destination, CurrentVersion);
        BinaryPrimitives.WriteInt32BigEndian(destination[2..], CoordinatorEpoch);
    }

    /// <summary>Reads the control type from a control record's key (any version: newer versions only append).</summary>
    public static ControlRecordType ReadType(ReadOnlySpan<byte> key)
    {
        if (key.Length < KeySize)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"A control record key needs {KeySize} bytes; it has {key.Length}.");
        }

        return (ControlRecordType)BinaryPrimitives.ReadInt16BigEndian(key[2..]);
    }

    /// <summary>Parses a record of a control batch as a transaction marker.</summary>
    public static EndTransactionMarker Read(scoped in Record record)
    {
        var type = ReadType(record.Key);
        if (type is not (ControlRecordType.Abort or ControlRecordType.Commit))
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Control record type {(short)type} is not a transaction marker.");
        }

        if (record.IsValueNull || record.Value.Length < ValueSize)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, "A transaction marker's value needs a version and a coordinator epoch.");
        }

        return new EndTransactionMarker(type, BinaryPrimitives.ReadInt32BigEndian(record.Value[2..]));
    }
}
