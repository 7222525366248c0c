// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;

namespace Granary.IntegrationTests.Security;

/// <summary>An independent RFC 5802 client for the tests (no channel binding), written from the RFC's formulas.</summary>
public sealed class TestScramClient
{
    private readonly HashAlgorithmName _hash;
    private readonly int _size;
    private readonly string _password;
    private readonly string _nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private byte[] _serverSignature = [];

    public TestScramClient(string mechanism, string user, string password)
    {
        (_hash, _size) = mechanism == "SCRAM-SHA-512" ? (HashAlgorithmName.SHA512, 64) : (HashAlgorithmName.SHA256, 32);
        _password = password;
        ClientFirstBare = $"n={user},r={_nonce}";
    }

    public string ClientFirstBare { get; }

    public string ClientFirst => "n,," + ClientFirstBare;

    public string ClientFinal(string serverFirst)
    {
        var fields = serverFirst.Split(',').ToDictionary(f => f[..1], f => f[2..]);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_password), Convert.FromBase64String(fields["s"]), int.Parse(fields["i"], System.Globalization.CultureInfo.InvariantCulture), _hash, _size);
        var withoutProof = $"c=biws,r={fields["r"]}";
        var authMessage = Encoding.UTF8.GetBytes($"{ClientFirstBare},{serverFirst},{withoutProof}");
        var clientKey = Hmac(salted, Encoding.ASCII.GetBytes("Client Key"));
        var signature = Hmac(Hash(clientKey), authMessage);
        _serverSignature = Hmac(Hmac(salted, Encoding.ASCII.GetBytes("Server Key")), authMessage);
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        return $"{withoutProof},p={Convert.ToBase64String(proof)}";
    }

    public bool VerifyServerFinal(string serverFinal) => serverFinal == "v=" + Convert.ToBase64String(_serverSignature);

    private byte[] Hmac(byte[] key, byte[] data) => _size == 32 ? HMACSHA256.HashData(key, data) : HMACSHA512.HashData(key, data);

    private byte[] Hash(byte[] data) => _size == 32 ? SHA256.HashData(data) : SHA512.HashData(data);
}
