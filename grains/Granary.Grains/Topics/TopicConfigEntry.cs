// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Topics;

/// <summary>One described config: its effective value, where it comes from, and the chain of values behind it.</summary>
/// <param name="Name">Kafka's config name.</param>
/// <param name="Value">The effective value.</param>
/// <param name="Source">Where the effective value comes from.</param>
/// <param name="Type">Kafka's data type.</param>
/// <param name="ReadOnly">Whether it can be changed through AlterConfigs.</param>
/// <param name="Sensitive">Whether the value is secret (it is then reported as null).</param>
/// <param name="Documentation">One-line documentation.</param>
/// <param name="Synonyms">The values in precedence order: topic override, broker setting, Kafka default.</param>
public sealed record TopicConfigEntry(
    string Name,
    string? Value,
    ConfigSource Source,
    TopicConfigType Type,
    bool ReadOnly,
    bool Sensitive,
    string? Documentation,
    IReadOnlyList<ConfigSynonym> Synonyms);
