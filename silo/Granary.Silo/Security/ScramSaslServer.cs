// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;

namespace Granary.Silo.Security;

/// <summary>
/// The server side of SCRAM (RFC 5802, RFC 7677): client-first, server-first (nonce, salt, iterations), client-final
/// with the proof checked in constant time, server-final with the server signature. Channel binding is not offered
/// (a client asking for it with <c>p=</c> fails). An unknown user gets a made-up salt derived from a per-process key
/// and fails only at the proof, so the exchange does not reveal which user names exist.
/// </summary>
public sealed class ScramSaslServer : ISaslServer
{
    private const int MaxMessageBytes = 4096;
    private static readonly byte[] UnknownUserKey = RandomNumberGenerator.GetBytes(32);

    private readonly ScramMechanism _mechanism;
    private readonly ScramCredentialStore _store;
    private State _state;
    private string _gs2Header = string.Empty;
    private string _clientFirstBare = string.Empty;
    private string _serverFirst = string.Empty;
    private string _nonce = string.Empty;
    private string _user = string.Empty;
    private ScramCredential? _credential;

    public ScramSaslServer(ScramMechanism mechanism, ScramCredentialStore store)
    {
        _mechanism = mechanism;
        _store = store;
    }

    private enum State
    {
        ClientFirst,
        ClientFinal,
        Done,
    }

    public string Mechanism => _mechanism.Name;

    public SaslStep Evaluate(ReadOnlySpan<byte> token)
    {
        if (token.Length > MaxMessageBytes || !System.Text.Unicode.Utf8.IsValid(token))
        {
            _state = State.Done;
            return SaslStep.Fail;
        }

        var message = Encoding.UTF8.GetString(token);
        var state = _state;
        _state = State.Done;
        return state switch
        {
            State.ClientFirst => ClientFirst(message),
            State.ClientFinal => ClientFinal(message),
            _ => SaslStep.Fail,
        };
    }

    private SaslStep ClientFirst(string message)
    {
        // gs2-header = gs2-cbind-flag "," [ authzid ] "," ; we accept "n" and "y" (client supports binding, we do not).
        if (message.Length < 3 || (message[0] != 'n' && message[0] != 'y') || message[1] != ',')
        {
            return SaslStep.Fail;
        }

        var authzidEnd = message.IndexOf(',', 2);
        if (authzidEnd < 0)
        {
            return SaslStep.Fail;
        }

        var authzid = message[2..authzidEnd];
        _gs2Header = message[..(authzidEnd + 1)];
        _clientFirstBare = message[(authzidEnd + 1)..];
        var attributes = _clientFirstBare.Split(',');
        if (attributes.Length < 2 || !attributes[0].StartsWith("n=", StringComparison.Ordinal) || !attributes[1].StartsWith("r=", StringComparison.Ordinal))
        {
            return SaslStep.Fail;
        }

        if (DecodeSaslName(attributes[0][2..]) is not { Length: > 0 } user || attributes[1].Length <= 2)
        {
            return SaslStep.Fail;
        }

        if (authzid.Length > 0 && (!authzid.StartsWith("a=", StringComparison.Ordinal) || DecodeSaslName(authzid[2..]) != user))
        {
            return SaslStep.Fail;
        }

        var clientNonce = attributes[1][2..];
        if (clientNonce.Any(c => c is < (char)0x21 or > (char)0x7e || c == ','))
        {
            return SaslStep.Fail;
        }

        _user = user;
        _credential = _store.Find(_mechanism, user);
        var salt = _credential?.Salt ?? FakeSalt(user);
        var iterations = _credential?.Iterations ?? ScramMechanism.MinIterations;
        _nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(salt)},i={iterations}";
        _state = State.ClientFinal;
        return SaslStep.Continue(Encoding.UTF8.GetBytes(_serverFirst));
    }

    private SaslStep ClientFinal(string message)
    {
        var proofStart = message.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofStart < 0)
        {
            return SaslStep.Fail;
        }

        var withoutProof = message[..proofStart];
        // Kafka's broker only checks that the echoed nonce ends with the server-first nonce, and librdkafka 2.0
        // (kcat 1.7.1) relies on it: it echoes the client nonce followed by the whole server nonce. The proof covers
        // the message as sent, so accepting that form weakens nothing.
        var attributes = withoutProof.Split(',');
        if (attributes.Length < 2
            || attributes[0] != "c=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(_gs2Header))
            || !attributes[1].StartsWith("r=", StringComparison.Ordinal)
            || !attributes[1].EndsWith(_nonce, StringComparison.Ordinal))
        {
            return SaslStep.Fail;
        }

        // Room for the padding: TryFromBase64String wants space for whole 3-byte groups.
        var decoded = new byte[_mechanism.HashSize + 3];
        if (!Convert.TryFromBase64String(message[(proofStart + 3)..], decoded, out var proofLength) || proofLength != _mechanism.HashSize)
        {
            return SaslStep.Fail;
        }

        var proof = decoded.AsSpan(0, proofLength);

        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}");
        var storedKey = _credential?.StoredKey ?? RandomNumberGenerator.GetBytes(_mechanism.HashSize);
        var clientSignature = _mechanism.Hmac(storedKey, authMessage);
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] ^= clientSignature[i];
        }

        var verified = CryptographicOperations.FixedTimeEquals(_mechanism.HashData(proof), storedKey);
        CryptographicOperations.ZeroMemory(decoded);
        if (!verified || _credential is null)
        {
            return SaslStep.Fail;
        }

        var serverSignature = _mechanism.Hmac(_credential.ServerKey, authMessage);
        return SaslStep.Complete(Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(serverSignature)), _user);
    }

    private byte[] FakeSalt(string user) =>
        _mechanism.Hmac(UnknownUserKey, Encoding.UTF8.GetBytes(_mechanism.Name + "\0" + user));

    /// <summary>saslname: "=2C" is ',' and "=3D" is '='; any other '=' is malformed (null).</summary>
    private static string? DecodeSaslName(string value)
    {
        if (!value.Contains('=', StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '=')
            {
                builder.Append(value[i]);
                continue;
            }

            if (i + 2 >= value.Length)
            {
                return null;
            }

            var code = value.Substring(i + 1, 2);
            if (code == "2C")
            {
                builder.Append(',');
            }
            else if (code == "3D")
            {
                builder.Append('=');
            }
            else
            {
                return null;
            }

            i += 2;
        }

        return builder.ToString();
    }
}
