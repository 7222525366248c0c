// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime;

namespace Granary.Grains.Producers;

/// <summary>
/// Hands out producer ids (one activation per silo, key <see cref="ProducerIdGrain.Key"/>): ids come in blocks from
/// the cluster table, so ids never repeat across silos or restarts.
/// </summary>
public interface IProducerIdGrain : IGrainWithStringKey
{
    /// <summary>
    /// InitProducerId for a producer: a fresh id with epoch 0. Transactional ids are refused (transactions are not
    /// supported yet).
    /// </summary>
    Task<InitProducerIdResult> InitProducerIdAsync(string? transactionalId);
}
