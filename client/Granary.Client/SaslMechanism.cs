// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The sasl.mechanism setting.</summary>
public enum SaslMechanism
{
    Gssapi,
    Plain,
    ScramSha256,
    ScramSha512,
    OAuthBearer,
}
