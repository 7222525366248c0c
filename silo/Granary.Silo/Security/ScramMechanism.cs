// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;

namespace Granary.Silo.Security;

/// <summary>The SCRAM hash functions (RFC 5802 with SHA-256 per RFC 7677, and SHA-512 as Kafka offers).</summary>
public sealed class ScramMechanism
{
    /// <summary>Kafka's lower bound for stored credentials.</summary>
    public const int MinIterations = 4096;

    /// <summary>Kafka's upper bound, so a stored credential cannot make authentication arbitrarily slow.</summary>
    public const int MaxIterations = 16384;

    public static readonly ScramMechanism Sha256 = new("SCRAM-SHA-256", HashAlgorithmName.SHA256, 32);

    public static readonly ScramMechanism Sha512 = new("SCRAM-SHA-512", HashAlgorithmName.SHA512, 64);

    private ScramMechanism(string name, HashAlgorithmName hash, int hashSize)
    {
        Name = name;
        Hash = hash;
        HashSize = hashSize;
    }

    public string Name { get; }

    public HashAlgorithmName Hash { get; }

    /// <summary>Output size of the hash in bytes (also the size of every key and proof).</summary>
    public int HashSize { get; }

    public static ScramMechanism? Find(string name) =>
        string.Equals(name, Sha256.Name, StringComparison.OrdinalIgnoreCase) ? Sha256
        : string.Equals(name, Sha512.Name, StringComparison.OrdinalIgnoreCase) ? Sha512
        : null;

    public byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) =>
        HashSize == 32 ? HMACSHA256.HashData(key, data) : HMACSHA512.HashData(key, data);

    public byte[] HashData(ReadOnlySpan<byte> data) =>
        HashSize == 32 ? SHA256.HashData(data) : SHA512.HashData(data);

    public override string ToString() => Name;
}
