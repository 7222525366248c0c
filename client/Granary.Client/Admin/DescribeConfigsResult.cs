// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A resource's configuration, by config name.</summary>
public class DescribeConfigsResult
{
    public ConfigResource ConfigResource { get; set; } = new();

    public Dictionary<string, ConfigEntryResult> Entries { get; set; } = [];
}
