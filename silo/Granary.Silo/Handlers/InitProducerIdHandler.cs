// Copyright (c) Granary contributors. Licensed under the MIT License.
// InitProducerId (API key 22), versions 0-5 (v2+ flexible).
// Non-transactional (idempotent) producers get a fresh producer id, epoch 0, from blocks the silo reserves in the
// cluster table; v3+ requests that name an existing producer id/epoch (KIP-360 epoch bump) also get a fresh id, which
// clients accept as a reset. A transactional id is refused with TRANSACTIONAL_ID_AUTHORIZATION_FAILED: transactions
// are not supported yet. COORDINATOR_NOT_AVAILABLE when the cluster table cannot be reached (retriable).
using Granary.Grains.Producers;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class InitProducerIdHandler : ApiHandler<InitProducerIdRequest, InitProducerIdResponse>
{
    private readonly GrainReference<IProducerIdGrain> _producerIds;

    public InitProducerIdHandler(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        _producerIds = grains.GetGrain<IProducerIdGrain>(ProducerIdGrain.Key);
    }

    public override ApiKey ApiKey => ApiKey.InitProducerId;

    public override short MinVersion => 0;

    public override short MaxVersion => 5;

    protected override async ValueTask<InitProducerIdResponse?> HandleAsync(InitProducerIdRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await _producerIds.InvokeAsync(request.TransactionalId, static (g, id) => g.InitProducerIdAsync(id)).ConfigureAwait(false);
        return new InitProducerIdResponse
        {
            ErrorCode = (short)result.ErrorCode,
            ProducerId = result.ProducerId,
            ProducerEpoch = result.ProducerEpoch,
        };
    }
}
