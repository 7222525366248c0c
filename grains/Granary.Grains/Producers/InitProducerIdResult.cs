// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.Producers;

/// <summary>The answer to InitProducerId: a producer id and epoch, or an error.</summary>
public readonly record struct InitProducerIdResult(KafkaErrorCode ErrorCode, long ProducerId, short ProducerEpoch, string? ErrorMessage = null);
