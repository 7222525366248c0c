// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;

namespace Granary.Client;

/// <summary>A Kafka UUID (topic ids): two 64-bit halves, printed as Kafka prints it (URL-safe base64 without padding).</summary>
public class Uuid : IEquatable<Uuid>
{
    public Uuid(long mostSignificantBits, long leastSignificantBits)
    {
        MostSignificantBits = mostSignificantBits;
        LeastSignificantBits = leastSignificantBits;
    }

    public long MostSignificantBits { get; }

    public long LeastSignificantBits { get; }

    public bool Equals(Uuid? other) => other is not null && other.MostSignificantBits == MostSignificantBits && other.LeastSignificantBits == LeastSignificantBits;

    public override bool Equals(object? obj) => Equals(obj as Uuid);

    public override int GetHashCode() => HashCode.Combine(MostSignificantBits, LeastSignificantBits);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, MostSignificantBits);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], LeastSignificantBits);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
