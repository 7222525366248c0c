// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Topics;

/// <summary>One topic-level config under its Kafka name.</summary>
/// <param name="Name">Kafka's topic config name, e.g. <c>retention.ms</c>.</param>
/// <param name="BrokerSynonym">The broker setting that supplies the default, e.g. <c>log.retention.ms</c> (null when none).</param>
/// <param name="Type">Kafka's data type.</param>
/// <param name="KafkaDefault">Kafka's default value as text.</param>
/// <param name="ValidValues">The allowed values as text, e.g. <c>[-1, 9223372036854775807]</c>.</param>
/// <param name="Documentation">One line describing the config (DescribeConfigs v3+).</param>
/// <param name="Validate">Returns null for a valid value, else why it is not.</param>
public sealed record TopicConfigDefinition(
    string Name,
    string? BrokerSynonym,
    TopicConfigType Type,
    string KafkaDefault,
    string ValidValues,
    string Documentation,
    Func<string, bool> Validate);
