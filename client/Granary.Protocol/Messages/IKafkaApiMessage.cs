// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Messages;

/// <summary>A request or response body of one Kafka API.</summary>
public interface IKafkaApiMessage : IKafkaVersionedMessage
{
    ApiKey ApiKey { get; }
}
