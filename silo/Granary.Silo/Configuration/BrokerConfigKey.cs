// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Configuration;

/// <summary>One broker setting under its Kafka name: how it is parsed, its default and its allowed values.</summary>
public sealed class BrokerConfigKey
{
    private readonly Func<string, BrokerOptions, string?> _apply;

    internal BrokerConfigKey(
        string name, string type, string defaultValue, string validValues, Func<string, BrokerOptions, string?> apply,
        IReadOnlyList<string>? aliases = null)
    {
        Name = name;
        Type = type;
        DefaultValue = defaultValue;
        ValidValues = validValues;
        Aliases = aliases ?? [];
        _apply = apply;
    }

    /// <summary>Kafka's name for the setting, e.g. <c>message.max.bytes</c>.</summary>
    public string Name { get; }

    /// <summary>Other names accepted for the same setting (e.g. <c>broker.id</c> for <c>node.id</c>).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Kafka's type name: int, short, long, double, boolean, string, list.</summary>
    public string Type { get; }

    /// <summary>The default as text ("null" when unset and derived from another key).</summary>
    public string DefaultValue { get; }

    /// <summary>The allowed values as text, e.g. <c>[0, 2147483647]</c> or <c>[CreateTime, LogAppendTime]</c>.</summary>
    public string ValidValues { get; }

    /// <summary>Parses <paramref name="value"/> into <paramref name="options"/>; returns an error message naming the key, or null.</summary>
    public string? TryApply(string value, BrokerOptions options)
    {
        var error = _apply(value.Trim(), options);
        return error is null ? null : $"{Name}: {error}, got '{value}'";
    }
}
