// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Protocol;
using Granary.Runtime;

namespace Granary.Grains.Producers;

/// <summary>Allocates producer ids from blocks reserved in the cluster table (Kafka's ProducerIdManager).</summary>
[GrainType("producer-ids")]
public sealed class ProducerIdGrain : Grain, IProducerIdGrain
{
    /// <summary>The key of the one activation.</summary>
    public const string Key = "local";

    private readonly IClusterTable _table;
    private readonly ProducerIdOptions _options;
    private ProducerIdBlock? _block;
    private long _next;

    public ProducerIdGrain(IClusterTable table, ProducerIdOptions options)
    {
        _table = table;
        _options = options;
    }

    public async Task<InitProducerIdResult> InitProducerIdAsync(string? transactionalId)
    {
        if (!string.IsNullOrEmpty(transactionalId))
        {
            return new InitProducerIdResult(
                KafkaErrorCode.TransactionalIdAuthorizationFailed,
                -1,
                -1,
                "Transactional producers are not supported by this broker yet; use an idempotent producer without transactional.id.");
        }

        if (_block is null || _next > _block.LastProducerId)
        {
            try
            {
                _block = await _table.AllocateProducerIdBlockAsync(_options.SiloId, _options.BlockSize).ConfigureAwait(false);
            }
            catch (ClusterTableException ex)
            {
                return new InitProducerIdResult(KafkaErrorCode.CoordinatorNotAvailable, -1, -1, ex.Message);
            }

            _next = _block.FirstProducerId;
        }

        return new InitProducerIdResult(KafkaErrorCode.None, _next++, 0);
    }
}
