// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Net;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

/// <summary>What the group handlers share: the client host Kafka reports, and which failures mean "coordinator not available".</summary>
internal static class GroupCoordinatorCalls
{
    /// <summary>Kafka shows a member's host as "/" plus its address.</summary>
    public static string ClientHost(ApiRequest context) => context.Connection.RemoteEndPoint switch
    {
        IPEndPoint ip => "/" + ip.Address,
        { } other => "/" + other,
        null => string.Empty,
    };

    /// <summary>
    /// A group grain that cannot activate (its offsets partition cannot be created or replayed) or a stopping runtime:
    /// the client should look the coordinator up again and retry.
    /// </summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is GrainActivationException or GrainRuntimeStoppedException or InvalidOperationException or TimeoutException;
}
