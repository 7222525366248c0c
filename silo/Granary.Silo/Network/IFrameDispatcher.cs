// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Network;

/// <summary>
/// The seam between the transport and the protocol: the transport knows frames, the dispatcher knows Kafka.
/// </summary>
/// <remarks>
/// The transport calls <see cref="DispatchAsync"/> on the connection's read loop, one frame at a time, in arrival
/// order, and keeps reading while earlier calls are in flight. Work whose order matters (appending a producer's
/// batches to a partition, in particular) must therefore be started before the first await that can yield.
/// The frame's bytes are valid until the returned task completes; the transport then returns them to the pool.
/// Results are written back in request order whatever order the tasks complete in.
/// </remarks>
public interface IFrameDispatcher
{
    ValueTask<FrameResult> DispatchAsync(RequestFrame frame, ClientConnection connection, CancellationToken cancellationToken);
}
