// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Messages;

/// <summary>A request or response body of one Kafka API.</summary>
public interface IKafkaApiMessage : IKafkaMessage
{
    ApiKey ApiKey { get; }

    short LowestSupportedVersion { get; }

    short HighestSupportedVersion { get; }
}
