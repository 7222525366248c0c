// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Handlers;

/// <summary>Kafka's config resource types, numbered as on the wire.</summary>
public enum ConfigResourceType : sbyte
{
    Unknown = 0,
    Topic = 2,
    Broker = 4,
    BrokerLogger = 8,
}
