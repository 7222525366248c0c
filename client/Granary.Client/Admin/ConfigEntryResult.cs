// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>One config of a described resource.</summary>
public class ConfigEntryResult
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The value; null when the config is sensitive or has no value.</summary>
    public string? Value { get; set; }

    public bool IsDefault { get; set; }

    public bool IsReadOnly { get; set; }

    public bool IsSensitive { get; set; }

    public ConfigSource Source { get; set; }

    /// <summary>The synonyms in order of precedence, the one in effect first.</summary>
    public List<ConfigSynonym> Synonyms { get; set; } = [];

    public override string ToString() => $"{Name}={(IsSensitive ? "(sensitive)" : Value)} ({Source})";
}
