// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>One silo row. <see cref="Version"/> is the row's etag for compare-and-set writes (0 = row does not exist yet).</summary>
/// <param name="SiloId">The silo's id, the Kafka broker id (node.id).</param>
/// <param name="Host">The host clients and peers connect to.</param>
/// <param name="Port">The Kafka listener port.</param>
/// <param name="Generation">Incremented on every start of the same silo id; fences a previous incarnation.</param>
/// <param name="Status">Lifecycle state.</param>
/// <param name="StartTime">When this generation started.</param>
/// <param name="HeartbeatTime">Last IAmAlive time.</param>
/// <param name="Rack">The silo's rack (broker.rack), or null.</param>
/// <param name="Version">Row etag; the table increments it on every write of the row except heartbeats.</param>
public sealed record SiloRecord(
    int SiloId,
    string Host,
    int Port,
    long Generation,
    SiloStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset HeartbeatTime,
    string? Rack,
    long Version)
{
    /// <summary>Whether the silo counts as a live member (joining, active or shutting down).</summary>
    public bool IsAlive => Status != SiloStatus.Dead;
}
