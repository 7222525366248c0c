// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Microsoft.Extensions.Options;

namespace Granary.Grains.Topics;

/// <summary>
/// Resolves a topic's effective configs: its override in the cluster table, else the broker's setting, else Kafka's
/// default. The partition grain builds its LogConfig from <see cref="EffectiveConfigs"/> (for example with
/// Granary.Storage's LogConfig.FromProperties) whenever the topic's row changes.
/// </summary>
public sealed class TopicConfigResolver
{
    private readonly TopicOptions _options;

    public TopicConfigResolver(IOptions<TopicOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <summary>Every known topic config's effective value for <paramref name="topic"/>.</summary>
    public IReadOnlyDictionary<string, string> EffectiveConfigs(TopicRecord topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in TopicConfigCatalog.All)
        {
            result[definition.Name] = Resolve(definition, topic.Configs).Value ?? definition.KafkaDefault;
        }

        return result;
    }

    /// <summary>Describes the named configs (all when <paramref name="names"/> is null) of a topic with these overrides.</summary>
    public IReadOnlyList<TopicConfigEntry> Describe(IReadOnlyDictionary<string, string> overrides, IReadOnlyCollection<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var entries = new List<TopicConfigEntry>();
        foreach (var definition in TopicConfigCatalog.All)
        {
            if (names is null || names.Contains(definition.Name))
            {
                entries.Add(Resolve(definition, overrides));
            }
        }

        return entries;
    }

    /// <summary>The broker-level value of a topic config (what a topic without an override gets).</summary>
    public string DefaultValue(TopicConfigDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return _options.BrokerDefaults.TryGetValue(definition.Name, out var broker) ? broker : definition.KafkaDefault;
    }

    private TopicConfigEntry Resolve(TopicConfigDefinition definition, IReadOnlyDictionary<string, string> overrides)
    {
        var synonyms = new List<ConfigSynonym>(3);
        if (overrides.TryGetValue(definition.Name, out var own))
        {
            synonyms.Add(new ConfigSynonym(definition.Name, own, ConfigSource.DynamicTopicConfig));
        }

        // A broker value equal to Kafka's default is reported as the default, as Kafka does for an unset property.
        if (definition.BrokerSynonym is { } brokerName
            && _options.BrokerDefaults.TryGetValue(definition.Name, out var broker)
            && !string.Equals(broker, definition.KafkaDefault, StringComparison.Ordinal))
        {
            synonyms.Add(new ConfigSynonym(brokerName, broker, ConfigSource.StaticBrokerConfig));
        }

        synonyms.Add(new ConfigSynonym(definition.BrokerSynonym ?? definition.Name, definition.KafkaDefault, ConfigSource.DefaultConfig));
        var effective = synonyms[0];
        return new TopicConfigEntry(
            definition.Name, effective.Value, effective.Source, definition.Type, ReadOnly: false, Sensitive: false,
            definition.Documentation, synonyms);
    }
}
