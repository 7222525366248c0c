// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;

namespace Granary.Client.Network;

/// <summary>A decoded response and the pooled frame its byte fields point into; the receiver releases <see cref="Buffer"/>.</summary>
internal readonly record struct PooledResponse<TResponse>(TResponse Response, ResponseBuffer Buffer)
    where TResponse : class, IKafkaApiMessage;
