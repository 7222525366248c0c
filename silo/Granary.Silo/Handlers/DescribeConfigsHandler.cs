// Copyright (c) Granary contributors. Licensed under the MIT License.

// DescribeConfigs (API key 32), versions 0-4.
//   v0: resources[type, name, keys (null = all)] -> results[error, type, name, configs[name, value, read_only,
//       is_default, is_sensitive]].
//   v1: + include_synonyms; is_default is replaced by config_source, and each config lists its synonyms (topic
//       override, broker setting, Kafka default) when asked.   v2: same.
//   v3: + include_documentation; configs carry config_type and documentation.   v4: flexible.
// Topic resources (type 2) report every topic config with its effective value and source. Broker resources (type 4,
// name = this silo's node id or "" for the cluster default) report the broker settings behind the topic configs plus
// the topic-creation defaults, read-only (Granary has no dynamic broker configs). Other types answer INVALID_REQUEST.

using System.Globalization;
using Granary.Cluster.Membership;
using Granary.Grains.Topics;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Silo.Configuration;
using Granary.Runtime;
using Granary.Silo.Dispatch;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Handlers;

public sealed class DescribeConfigsHandler : ApiHandler<DescribeConfigsRequest, DescribeConfigsResponse>
{
    private readonly TopicService _topics;
    private readonly IGrainFactory _grains;
    private readonly IClusterMembership _membership;
    private readonly BrokerOptions _broker;

    public DescribeConfigsHandler(TopicService topics, IClusterMembership membership, IOptions<BrokerOptions> broker, IGrainFactory grains)
    {
        _topics = topics;
        _grains = grains;
        _membership = membership;
        _broker = broker.Value;
    }

    public override ApiKey ApiKey => ApiKey.DescribeConfigs;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override async ValueTask<DescribeConfigsResponse?> HandleAsync(DescribeConfigsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        var version = context.ApiVersion;
        var response = new DescribeConfigsResponse();
        foreach (var resource in request.Resources)
        {
            var result = new DescribeConfigsResponse.DescribeConfigsResult
            {
                ResourceType = resource.ResourceType,
                ResourceName = resource.ResourceName,
                ErrorMessage = null,
            };
            IReadOnlyList<TopicConfigEntry> entries = [];
            switch ((ConfigResourceType)resource.ResourceType)
            {
                case ConfigResourceType.Topic:
                    (var outcome, entries) = await _grains.GetTopicGrain(resource.ResourceName).InvokeAsync((IReadOnlyCollection<string>?)resource.ConfigurationKeys, static (g, names) => g.DescribeConfigsAsync(names));
                    result.ErrorCode = (short)outcome.Error;
                    result.ErrorMessage = outcome.Message;
                    break;
                case ConfigResourceType.Broker when IsThisBroker(resource.ResourceName):
                    entries = BrokerEntries(resource.ConfigurationKeys);
                    break;
                case ConfigResourceType.Broker:
                    result.ErrorCode = (short)KafkaErrorCode.InvalidRequest;
                    result.ErrorMessage = $"Broker {resource.ResourceName} is not this silo ({_membership.Current.LocalSiloId}).";
                    break;
                default:
                    result.ErrorCode = (short)KafkaErrorCode.InvalidRequest;
                    result.ErrorMessage = $"Config resource type {resource.ResourceType} is not supported.";
                    break;
            }

            result.Configs = [.. entries.Select(e => ToWire(e, version, request.IncludeSynonyms, request.IncludeDocumentation))];
            response.Results.Add(result);
        }

        return response;
    }

    private static DescribeConfigsResponse.DescribeConfigsResourceResult ToWire(TopicConfigEntry entry, short version, bool synonyms, bool documentation)
    {
        var wire = new DescribeConfigsResponse.DescribeConfigsResourceResult
        {
            Name = entry.Name,
            Value = entry.Sensitive ? null : entry.Value,
            ReadOnly = entry.ReadOnly,
            IsSensitive = entry.Sensitive,
        };
        if (version == 0)
        {
            wire.IsDefault = entry.Source == ConfigSource.DefaultConfig;
        }
        else
        {
            wire.ConfigSource = (sbyte)entry.Source;
            if (synonyms)
            {
                wire.Synonyms = [.. entry.Synonyms.Select(s => new DescribeConfigsResponse.DescribeConfigsSynonym
                {
                    Name = s.Name,
                    Value = entry.Sensitive ? null : s.Value,
                    Source = (sbyte)s.Source,
                })];
            }
        }

        if (version >= 3)
        {
            wire.ConfigType = (sbyte)entry.Type;
            wire.Documentation = documentation ? entry.Documentation : null;
        }

        return wire;
    }

    private bool IsThisBroker(string name) =>
        name.Length == 0 || (int.TryParse(name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id == _membership.Current.LocalSiloId);

    private List<TopicConfigEntry> BrokerEntries(List<string>? keys)
    {
        var entries = new List<TopicConfigEntry>();
        void Add(string name, string kafkaDefault, string value, TopicConfigType type, string doc)
        {
            if (keys is { Count: > 0 } && !keys.Contains(name))
            {
                return;
            }

            var source = string.Equals(value, kafkaDefault, StringComparison.Ordinal) ? ConfigSource.DefaultConfig : ConfigSource.StaticBrokerConfig;
            var synonyms = source == ConfigSource.DefaultConfig
                ? new[] { new ConfigSynonym(name, kafkaDefault, ConfigSource.DefaultConfig) }
                : [new ConfigSynonym(name, value, source), new ConfigSynonym(name, kafkaDefault, ConfigSource.DefaultConfig)];
            entries.Add(new TopicConfigEntry(name, value, source, type, ReadOnly: true, Sensitive: false, doc, synonyms));
        }

        static string Text(long v) => v.ToString(CultureInfo.InvariantCulture);
        Add("node.id", "-1", Text(_broker.NodeId), TopicConfigType.Int, "This silo's node id.");
        Add("num.partitions", "1", Text(_broker.NumPartitions), TopicConfigType.Int, "Default number of partitions of a new topic.");
        Add("default.replication.factor", "1", Text(_broker.DefaultReplicationFactor), TopicConfigType.Int, "Default replication factor of a new topic.");
        Add("auto.create.topics.enable", "true", _broker.AutoCreateTopicsEnable ? "true" : "false", TopicConfigType.Boolean, "Whether topics are created on first use.");
        Add("delete.topic.enable", "true", _broker.DeleteTopicEnable ? "true" : "false", TopicConfigType.Boolean, "Whether topics may be deleted.");
        foreach (var definition in TopicConfigCatalog.All)
        {
            if (definition.BrokerSynonym is { } brokerName && _topics.Options.BrokerDefaults.TryGetValue(definition.Name, out var value))
            {
                Add(brokerName, definition.KafkaDefault, value, definition.Type, definition.Documentation);
            }
        }

        return entries;
    }
}
