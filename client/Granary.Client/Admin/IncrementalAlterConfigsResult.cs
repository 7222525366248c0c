// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A resource whose configuration IncrementalAlterConfigsAsync changed.</summary>
public class IncrementalAlterConfigsResult
{
    public ConfigResource ConfigResource { get; set; } = new();

    public override string ToString() => $"{ConfigResource}";
}
