// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A config that supplies, or would supply, a value for another: e.g. a topic's retention.ms and the broker's log.retention.ms.</summary>
public class ConfigSynonym
{
    public string Name { get; set; } = string.Empty;

    public string? Value { get; set; }

    public ConfigSource Source { get; set; }
}
