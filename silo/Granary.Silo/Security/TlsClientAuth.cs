// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Security;

/// <summary>Kafka's <c>ssl.client.auth</c>.</summary>
public enum TlsClientAuth
{
    None,
    Requested,
    Required,
}
