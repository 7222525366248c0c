// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Producing;

/// <summary>
/// An idempotent producer's id and epoch; sequence numbers belong to one identity and restart at 0 with a new one.
/// A class so that it can be swapped atomically while partition senders read it.
/// </summary>
internal sealed record ProducerIdentity(long Id, short Epoch)
{
    /// <summary>The identity of a producer without idempotence (no sequence numbers).</summary>
    public static ProducerIdentity None { get; } = new(-1, -1);
}
