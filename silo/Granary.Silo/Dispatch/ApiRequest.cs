// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Silo.Network;

namespace Granary.Silo.Dispatch;

/// <summary>
/// A request whose header has been read: who sent it, which API and version, and the undecoded body (valid until
/// the handler's task completes).
/// </summary>
public sealed record ApiRequest(
    ApiKey ApiKey,
    short ApiVersion,
    int CorrelationId,
    string? ClientId,
    bool IsFlexible,
    ReadOnlyMemory<byte> Body,
    ClientConnection Connection);
