// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;

namespace Granary.Protocol.Records;

/// <summary>One header of a record being read: UTF-8 key bytes and a nullable value, as views.</summary>
public readonly ref struct RecordHeaderView(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool valueIsNull)
{
    /// <summary>The key as UTF-8 bytes (compare with a u8 literal to avoid allocating).</summary>
    public ReadOnlySpan<byte> Key { get; } = key;

    public ReadOnlySpan<byte> Value { get; } = value;

    public bool IsValueNull { get; } = valueIsNull;

    /// <summary>Decodes the key (allocates a string).</summary>
    public string GetKeyString() => Encoding.UTF8.GetString(Key);
}
