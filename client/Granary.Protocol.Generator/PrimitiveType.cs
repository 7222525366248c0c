// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Generator;

/// <summary>A fixed-size spec type and the C# that reads and writes it.</summary>
public sealed record PrimitiveType(string SpecName, string CSharpName, string ReaderMethod, string WriterMethod, string ElementName, int Size)
{
    private static readonly Dictionary<string, PrimitiveType> ByName = new PrimitiveType[]
    {
        new("bool", "bool", "ReadBool", "WriteBool", "Bool", 1),
        new("int8", "sbyte", "ReadInt8", "WriteInt8", "Int8", 1),
        new("int16", "short", "ReadInt16", "WriteInt16", "Int16", 2),
        new("uint16", "ushort", "ReadUInt16", "WriteUInt16", "UInt16", 2),
        new("int32", "int", "ReadInt32", "WriteInt32", "Int32", 4),
        new("uint32", "uint", "ReadUInt32", "WriteUInt32", "UInt32", 4),
        new("int64", "long", "ReadInt64", "WriteInt64", "Int64", 8),
        new("float64", "double", "ReadFloat64", "WriteFloat64", "Float64", 8),
        new("uuid", "Guid", "ReadUuid", "WriteUuid", "Uuid", 16),
    }.ToDictionary(p => p.SpecName, StringComparer.Ordinal);

    public static PrimitiveType? Find(string specName) => ByName.GetValueOrDefault(specName);

    public bool IsNumeric => SpecName is not ("bool" or "uuid");
}
