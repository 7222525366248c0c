// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;

namespace Granary.Client.Network;

/// <summary>
/// The client side of SCRAM-SHA-256/512 (RFC 5802, RFC 7677) without channel binding: client-first, client-final with
/// the proof, and verification of the server's signature in constant time.
/// </summary>
internal sealed class ScramClient
{
    private const int MinIterations = 4096;

    private readonly HashAlgorithmName _hash;
    private readonly int _hashSize;
    private readonly string _username;
    private readonly string _password;
    private readonly string _clientNonce;
    private byte[]? _expectedServerSignature;

    public ScramClient(string mechanism, string username, string password, string? clientNonce = null)
    {
        (_hash, _hashSize) = mechanism switch
        {
            "SCRAM-SHA-256" => (HashAlgorithmName.SHA256, 32),
            "SCRAM-SHA-512" => (HashAlgorithmName.SHA512, 64),
            _ => throw new ArgumentException($"Unsupported SCRAM mechanism {mechanism}.", nameof(mechanism)),
        };
        _username = username;
        _password = password;
        _clientNonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        ClientFirstBare = $"n={_username.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal)},r={_clientNonce}";
    }

    public string ClientFirstBare { get; }

    public string ClientFirst => "n,," + ClientFirstBare;

    /// <summary>Answers the server-first message; throws KafkaException (SaslAuthenticationFailed) when it is not acceptable.</summary>
    public string ClientFinal(string serverFirst)
    {
        string? nonce = null;
        string? salt = null;
        string? iterationsText = null;
        foreach (var attribute in serverFirst.Split(','))
        {
            if (attribute.Length < 2 || attribute[1] != '=')
            {
                continue;
            }

            switch (attribute[0])
            {
                case 'r':
                    nonce = attribute[2..];
                    break;
                case 's':
                    salt = attribute[2..];
                    break;
                case 'i':
                    iterationsText = attribute[2..];
                    break;
                case 'e':
                    throw Failed($"the server rejected the exchange: {attribute[2..]}");
            }
        }

        if (nonce is null || !nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
        {
            throw Failed("the server nonce does not extend the client nonce");
        }

        if (!int.TryParse(iterationsText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations)
            || iterations < MinIterations)
        {
            throw Failed($"the iteration count '{iterationsText}' is below {MinIterations}");
        }

        byte[] saltBytes;
        try
        {
            saltBytes = Convert.FromBase64String(salt ?? string.Empty);
        }
        catch (FormatException)
        {
            throw Failed("the salt is not base64");
        }

        var withoutProof = $"c=biws,r={nonce}";
        var authMessage = Encoding.UTF8.GetBytes($"{ClientFirstBare},{serverFirst},{withoutProof}");
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_password), saltBytes, iterations, _hash, _hashSize);
        var clientKey = Hmac(salted, "Client Key"u8);
        var storedKey = _hashSize == 32 ? SHA256.HashData(clientKey) : SHA512.HashData(clientKey);
        var clientSignature = Hmac(storedKey, authMessage);
        var proof = new byte[_hashSize];
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] = (byte)(clientKey[i] ^ clientSignature[i]);
        }

        _expectedServerSignature = Hmac(Hmac(salted, "Server Key"u8), authMessage);
        CryptographicOperations.ZeroMemory(salted);
        return $"{withoutProof},p={Convert.ToBase64String(proof)}";
    }

    /// <summary>Checks the server-final message (<c>v=signature</c>); throws KafkaException when it does not prove the server knows the credential.</summary>
    public void VerifyServerFinal(string serverFinal)
    {
        if (serverFinal.StartsWith("e=", StringComparison.Ordinal))
        {
            throw Failed($"the server rejected the exchange: {serverFinal[2..]}");
        }

        var signature = new byte[_hashSize + 3];
        if (_expectedServerSignature is null || !serverFinal.StartsWith("v=", StringComparison.Ordinal)
            || !Convert.TryFromBase64String(serverFinal[2..], signature, out var length) || length != _hashSize
            || !CryptographicOperations.FixedTimeEquals(signature.AsSpan(0, length), _expectedServerSignature))
        {
            throw Failed("the server signature is invalid");
        }
    }

    private byte[] Hmac(byte[] key, ReadOnlySpan<byte> data) =>
        _hashSize == 32 ? HMACSHA256.HashData(key, data) : HMACSHA512.HashData(key, data);

    private static KafkaException Failed(string reason) =>
        new(new Error(ErrorCode.SaslAuthenticationFailed, $"SASL SCRAM authentication failed: {reason}", isFatal: false));
}
