// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The ssl.endpoint.identification.algorithm setting: Https checks that the broker certificate names the host.</summary>
public enum SslEndpointIdentificationAlgorithm
{
    None,
    Https,
}
