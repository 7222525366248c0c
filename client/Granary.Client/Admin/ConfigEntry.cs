// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A config name and value to set; <see cref="IncrementalOperation"/> is used by IncrementalAlterConfigsAsync only.</summary>
public class ConfigEntry
{
    public string Name { get; set; } = string.Empty;

    public string? Value { get; set; }

    public AlterConfigOpType IncrementalOperation { get; set; } = AlterConfigOpType.Set;

    public override string ToString() => $"{Name}={Value} ({IncrementalOperation})";
}
