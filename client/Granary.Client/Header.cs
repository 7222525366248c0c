// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A message header (key plus byte value, which may be null).</summary>
public class Header : IHeader
{
    private readonly byte[]? _value;

    public Header(string key, byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        _value = value;
    }

    public string Key { get; }

    public byte[]? GetValueBytes() => _value;
}
