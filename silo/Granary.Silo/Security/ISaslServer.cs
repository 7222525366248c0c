// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Security;

/// <summary>
/// The server side of one SASL mechanism for one connection. Tokens come from an unauthenticated peer: an
/// implementation must treat every byte as hostile, never throw for malformed input (answer Failed), and allocate no
/// more than a small multiple of the token's size.
/// </summary>
public interface ISaslServer
{
    string Mechanism { get; }

    SaslStep Evaluate(ReadOnlySpan<byte> token);
}
