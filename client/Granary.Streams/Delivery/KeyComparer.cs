// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Delivery;

/// <summary>Compares record keys by content.</summary>
internal sealed class KeyComparer : IEqualityComparer<byte[]>
{
    public static readonly KeyComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj)
    {
        var hash = default(HashCode);
        hash.AddBytes(obj);
        return hash.ToHashCode();
    }
}
