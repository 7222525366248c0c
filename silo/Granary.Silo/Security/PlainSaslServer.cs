// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;

namespace Granary.Silo.Security;

/// <summary>
/// SASL PLAIN (RFC 4616): one token <c>[authzid] NUL authcid NUL passwd</c>. As in Kafka, the authorization id must be
/// empty or equal to the user name.
/// </summary>
public sealed class PlainSaslServer : ISaslServer
{
    private const int MaxFieldBytes = 255 * 4;

    private readonly IReadOnlyDictionary<string, string> _users;
    private bool _done;

    public PlainSaslServer(IReadOnlyDictionary<string, string> users) => _users = users;

    public string Mechanism => "PLAIN";

    public SaslStep Evaluate(ReadOnlySpan<byte> token)
    {
        if (_done)
        {
            return SaslStep.Fail;
        }

        _done = true;
        var first = token.IndexOf((byte)0);
        if (first < 0)
        {
            return SaslStep.Fail;
        }

        var rest = token[(first + 1)..];
        var second = rest.IndexOf((byte)0);
        if (second < 0 || first > MaxFieldBytes || second > MaxFieldBytes)
        {
            return SaslStep.Fail;
        }

        var authzid = token[..first];
        var authcid = rest[..second];
        var password = rest[(second + 1)..];
        if (authcid.IsEmpty || password.IndexOf((byte)0) >= 0 || !IsValidUtf8(authzid) || !IsValidUtf8(authcid) || !IsValidUtf8(password))
        {
            return SaslStep.Fail;
        }

        var user = Encoding.UTF8.GetString(authcid);
        if (!authzid.IsEmpty && !authzid.SequenceEqual(authcid))
        {
            return SaslStep.Fail;
        }

        // Compare digests so the time taken depends neither on the expected password's length nor on whether the
        // user exists.
        var known = _users.TryGetValue(user, out var expected);
        Span<byte> expectedDigest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> givenDigest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(expected ?? string.Empty), expectedDigest);
        SHA256.HashData(password, givenDigest);
        var matches = CryptographicOperations.FixedTimeEquals(expectedDigest, givenDigest);
        return known && matches ? SaslStep.Complete([], user) : SaslStep.Fail;
    }

    private static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
