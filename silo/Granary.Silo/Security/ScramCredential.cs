// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;

namespace Granary.Silo.Security;

/// <summary>
/// A SCRAM credential as the server stores it (RFC 5802 section 3): salt, iteration count, StoredKey and ServerKey.
/// The password itself is never kept.
/// </summary>
public sealed class ScramCredential
{
    public ScramCredential(ScramMechanism mechanism, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(storedKey);
        ArgumentNullException.ThrowIfNull(serverKey);
        if (storedKey.Length != mechanism.HashSize || serverKey.Length != mechanism.HashSize)
        {
            throw new ArgumentException($"stored_key and server_key must be {mechanism.HashSize} bytes for {mechanism.Name}.");
        }

        Mechanism = mechanism;
        Salt = salt;
        Iterations = iterations;
        StoredKey = storedKey;
        ServerKey = serverKey;
    }

    public ScramMechanism Mechanism { get; }

    public byte[] Salt { get; }

    public int Iterations { get; }

    public byte[] StoredKey { get; }

    public byte[] ServerKey { get; }

    /// <summary>Salts and hashes <paramref name="password"/> with a fresh random salt.</summary>
    public static ScramCredential Create(ScramMechanism mechanism, string password, int iterations = ScramMechanism.MinIterations)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(mechanism.HashSize);
        var salted = SaltedPassword(mechanism, password, salt, iterations);
        try
        {
            var clientKey = mechanism.Hmac(salted, "Client Key"u8);
            return new ScramCredential(mechanism, salt, iterations, mechanism.HashData(clientKey), mechanism.Hmac(salted, "Server Key"u8));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(salted);
        }
    }

    /// <summary>Hi(Normalize(password), salt, i): PBKDF2 with the mechanism's HMAC. Kafka normalizes by UTF-8 encoding only.</summary>
    public static byte[] SaltedPassword(ScramMechanism mechanism, string password, ReadOnlySpan<byte> salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, mechanism.Hash, mechanism.HashSize);
    }

    /// <summary>Kafka's stored form: <c>salt=..,stored_key=..,server_key=..,iterations=N</c> (base64 values).</summary>
    public string ToStoredForm() =>
        $"salt={Convert.ToBase64String(Salt)},stored_key={Convert.ToBase64String(StoredKey)},server_key={Convert.ToBase64String(ServerKey)},iterations={Iterations}";
}
