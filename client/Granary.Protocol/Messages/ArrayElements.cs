// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Primitives;

namespace Granary.Protocol.Messages;

/// <summary>The primitive array element types Kafka's specs use.</summary>
public static class ArrayElements
{
    public static readonly ArrayElement<bool> Bool = new(1, static (ref KafkaReader r, bool _) => r.ReadBool(), static (w, v, _) => w.WriteBool(v));
    public static readonly ArrayElement<sbyte> Int8 = new(1, static (ref KafkaReader r, bool _) => r.ReadInt8(), static (w, v, _) => w.WriteInt8(v));
    public static readonly ArrayElement<short> Int16 = new(2, static (ref KafkaReader r, bool _) => r.ReadInt16(), static (w, v, _) => w.WriteInt16(v));
    public static readonly ArrayElement<ushort> UInt16 = new(2, static (ref KafkaReader r, bool _) => r.ReadUInt16(), static (w, v, _) => w.WriteUInt16(v));
    public static readonly ArrayElement<int> Int32 = new(4, static (ref KafkaReader r, bool _) => r.ReadInt32(), static (w, v, _) => w.WriteInt32(v));
    public static readonly ArrayElement<uint> UInt32 = new(4, static (ref KafkaReader r, bool _) => r.ReadUInt32(), static (w, v, _) => w.WriteUInt32(v));
    public static readonly ArrayElement<long> Int64 = new(8, static (ref KafkaReader r, bool _) => r.ReadInt64(), static (w, v, _) => w.WriteInt64(v));
    public static readonly ArrayElement<double> Float64 = new(8, static (ref KafkaReader r, bool _) => r.ReadFloat64(), static (w, v, _) => w.WriteFloat64(v));
    public static readonly ArrayElement<Guid> Uuid = new(16, static (ref KafkaReader r, bool _) => r.ReadUuid(), static (w, v, _) => w.WriteUuid(v));
    public static readonly ArrayElement<string> String = new(1, static (ref KafkaReader r, bool c) => r.ReadString(c), static (w, v, c) => w.WriteString(v, c));
}
