// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The kind of resource a config or ACL applies to (Kafka's numbers).</summary>
public enum ResourceType
{
    Unknown = 0,
    Any = 1,
    Topic = 2,
    Group = 3,
    Broker = 4,
}
