// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;

namespace Granary.Cluster;

/// <summary>Kafka-style ids: 16 random bytes printed as 22 characters of unpadded base64url (Kafka's Uuid.toString).</summary>
public static class ClusterId
{
    /// <summary>Generates a new random id. Like Kafka, it never starts with '-' (it would read as a command-line flag).</summary>
    public static string NewClusterId()
    {
        Span<byte> bytes = stackalloc byte[16];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var text = ToBase64Url(bytes);
            if (text[0] != '-')
            {
                return text;
            }
        }
    }

    /// <summary>Prints a Guid's bytes, big-endian as Kafka's Uuid does, as 22 base64url characters.</summary>
    public static string ToKafkaString(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return ToBase64Url(bytes);
    }

    private static string ToBase64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
