// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.Client.Admin;
using Granary.Client.Network;
using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Administration;

/// <summary>
/// DescribeConfigs, AlterConfigs and IncrementalAlterConfigs. A broker resource goes to that broker (an empty name
/// means the cluster-wide default and goes to any broker); topic changes go to the controller (Kafka accepts them on
/// any broker, and a Granary silo that is not the controller answers NOT_CONTROLLER); descriptions go to any broker.
/// </summary>
internal sealed partial class AdminClient
{
    private const short DescribeConfigsMax = 4;
    private const short AlterConfigsMax = 2;
    private const short IncrementalAlterConfigsMax = 1;

    // Kafka's ConfigResource.Type numbers, which differ from the ACL resource numbers for groups.
    private const sbyte ConfigResourceTopic = 2;
    private const sbyte ConfigResourceBroker = 4;
    private const sbyte ConfigResourceGroup = 32;

    public Task<List<DescribeConfigsResult>> DescribeConfigsAsync(IEnumerable<ConfigResource> resources, DescribeConfigsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var list = resources.ToList();
        foreach (var resource in list)
        {
            _ = ToConfigResourceType(resource);
        }

        EnsureDistinct(list, "resource");
        return RunAsync("DescribeConfigs", options?.RequestTimeout, async op =>
        {
            var answers = new Dictionary<ConfigResource, (Error Error, List<ConfigEntryResult> Entries)>();
            foreach (var target in list.GroupBy(BrokerTarget))
            {
                var connection = await ConnectionForAsync(target.Key, op).ConfigureAwait(false);
                var version = connection.Versions.Pick(ApiKey.DescribeConfigs, DescribeConfigsMax, clientMin: 1);
                var request = new DescribeConfigsRequest
                {
                    Resources = [.. target.Select(r => new DescribeConfigsRequest.DescribeConfigsResource
                    {
                        ResourceType = ToConfigResourceType(r),
                        ResourceName = r.Name,
                        ConfigurationKeys = null,
                    })],
                    IncludeSynonyms = true,
                };
                var response = await SendAsync<DescribeConfigsResponse>(connection, request, version, op).ConfigureAwait(false);
                foreach (var result in response.Results)
                {
                    var resource = target.FirstOrDefault(r => ToConfigResourceType(r) == result.ResourceType && r.Name == result.ResourceName);
                    if (resource is not null)
                    {
                        answers[resource] = (ToError(result.ErrorCode, result.ErrorMessage), [.. result.Configs.Select(c => ToEntry(c, version))]);
                    }
                }
            }

            var reports = list.Select(r =>
            {
                var (error, entries) = answers.TryGetValue(r, out var a) ? a : (Unanswered(r), []);
                return new DescribeConfigsReport { ConfigResource = r, Entries = ToEntryMap(entries), Error = error };
            }).ToList();
            if (reports.Any(r => r.Error.IsError))
            {
                throw new DescribeConfigsException(reports);
            }

            return reports.Select(r => new DescribeConfigsResult { ConfigResource = r.ConfigResource, Entries = r.Entries }).ToList();
        });
    }

    public Task AlterConfigsAsync(Dictionary<ConfigResource, List<ConfigEntry>> configs, AlterConfigsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configs);
        foreach (var resource in configs.Keys)
        {
            _ = ToConfigResourceType(resource);
        }

        return RunAsync("AlterConfigs", options?.RequestTimeout, async op =>
        {
            var errors = await AlterRoundsAsync(
                configs,
                async (connection, resources) =>
                {
                    var version = connection.Versions.Pick(ApiKey.AlterConfigs, AlterConfigsMax);
                    var request = new AlterConfigsRequest
                    {
                        Resources = [.. resources.Select(r => new AlterConfigsRequest.AlterConfigsResource
                        {
                            ResourceType = ToConfigResourceType(r),
                            ResourceName = r.Name,
                            Configs = [.. configs[r].Select(e => new AlterConfigsRequest.AlterableConfig { Name = e.Name, Value = e.Value })],
                        })],
                        ValidateOnly = options?.ValidateOnly ?? false,
                    };
                    var response = await SendAsync<AlterConfigsResponse>(connection, request, version, op).ConfigureAwait(false);
                    return response.Responses.Select(r => (r.ResourceType, r.ResourceName, ToError(r.ErrorCode, r.ErrorMessage)));
                },
                op).ConfigureAwait(false);
            var reports = configs.Keys.Select(r => new AlterConfigsReport { ConfigResource = r, Error = errors[r] }).ToList();
            return reports.Any(r => r.Error.IsError) ? throw new AlterConfigsException(reports) : true;
        });
    }

    public Task<List<IncrementalAlterConfigsResult>> IncrementalAlterConfigsAsync(Dictionary<ConfigResource, List<ConfigEntry>> configs, IncrementalAlterConfigsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configs);
        foreach (var resource in configs.Keys)
        {
            _ = ToConfigResourceType(resource);
        }

        return RunAsync("IncrementalAlterConfigs", options?.RequestTimeout, async op =>
        {
            var errors = await AlterRoundsAsync(
                configs,
                async (connection, resources) =>
                {
                    var version = connection.Versions.Pick(ApiKey.IncrementalAlterConfigs, IncrementalAlterConfigsMax);
                    var request = new IncrementalAlterConfigsRequest
                    {
                        Resources = [.. resources.Select(r => new IncrementalAlterConfigsRequest.AlterConfigsResource
                        {
                            ResourceType = ToConfigResourceType(r),
                            ResourceName = r.Name,
                            Configs = [.. configs[r].Select(e => new IncrementalAlterConfigsRequest.AlterableConfig
                            {
                                Name = e.Name,
                                ConfigOperation = (sbyte)e.IncrementalOperation,
                                Value = e.Value,
                            })],
                        })],
                        ValidateOnly = options?.ValidateOnly ?? false,
                    };
                    var response = await SendAsync<IncrementalAlterConfigsResponse>(connection, request, version, op).ConfigureAwait(false);
                    return response.Responses.Select(r => (r.ResourceType, r.ResourceName, ToError(r.ErrorCode, r.ErrorMessage)));
                },
                op).ConfigureAwait(false);
            var reports = configs.Keys.Select(r => new IncrementalAlterConfigsReport { ConfigResource = r, Error = errors[r] }).ToList();
            return reports.Any(r => r.Error.IsError)
                ? throw new IncrementalAlterConfigsException(reports)
                : reports.Select(r => new IncrementalAlterConfigsResult { ConfigResource = r.ConfigResource }).ToList();
        });
    }

    private static sbyte ToConfigResourceType(ConfigResource resource) => resource.Type switch
    {
        ResourceType.Topic => ConfigResourceTopic,
        ResourceType.Broker => ConfigResourceBroker,
        ResourceType.Group => ConfigResourceGroup,
        _ => throw new ArgumentException($"Config resource {resource}: the type must be Topic, Broker or Group."),
    };

    /// <summary>The broker a resource's request must reach: a broker resource's own id, -1 for any broker.</summary>
    private static int BrokerTarget(ConfigResource resource) =>
        resource.Type == ResourceType.Broker && int.TryParse(resource.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;

    private async Task<KafkaConnection> ConnectionForAsync(int nodeId, AdminOperation op)
    {
        if (nodeId < 0)
        {
            return await _cluster.GetAnyConnectionAsync(op.Token).ConfigureAwait(false);
        }

        await EnsureBrokersKnownAsync(refresh: _cluster.LastMetadata?.Brokers.All(b => b.BrokerId != nodeId) ?? true, op).ConfigureAwait(false);
        return await _cluster.GetConnectionAsync(nodeId, op.Token).ConfigureAwait(false);
    }

    /// <summary>Sends config changes: broker resources to their broker, the rest to the controller (retrying NOT_CONTROLLER).</summary>
    private async Task<Dictionary<ConfigResource, Error>> AlterRoundsAsync(
        Dictionary<ConfigResource, List<ConfigEntry>> configs,
        Func<KafkaConnection, IReadOnlyList<ConfigResource>, Task<IEnumerable<(sbyte Type, string Name, Error Error)>>> send,
        AdminOperation op)
    {
        async Task<Dictionary<ConfigResource, Error>> SendAndMatchAsync(KafkaConnection connection, IReadOnlyList<ConfigResource> resources)
        {
            var answered = new Dictionary<ConfigResource, Error>();
            foreach (var (type, name, error) in await send(connection, resources).ConfigureAwait(false))
            {
                var resource = resources.FirstOrDefault(r => ToConfigResourceType(r) == type && r.Name == name);
                if (resource is not null)
                {
                    answered[resource] = error;
                }
            }

            return answered;
        }

        var results = new Dictionary<ConfigResource, Error>();
        foreach (var target in configs.Keys.GroupBy(BrokerTarget))
        {
            if (target.Key >= 0 || target.Any(r => r.Type == ResourceType.Broker))
            {
                var connection = await ConnectionForAsync(target.Key, op).ConfigureAwait(false);
                var answered = await SendAndMatchAsync(connection, [.. target]).ConfigureAwait(false);
                foreach (var resource in target)
                {
                    results[resource] = answered.TryGetValue(resource, out var e) ? e : Unanswered(resource);
                }
            }
            else
            {
                var answered = await ControllerRoundsAsync<ConfigResource, Error>([.. target], SendAndMatchAsync, e => e.Code, Unanswered, op).ConfigureAwait(false);
                foreach (var (resource, error) in answered)
                {
                    results[resource] = error;
                }
            }
        }

        return results;
    }

    private static ConfigEntryResult ToEntry(DescribeConfigsResponse.DescribeConfigsResourceResult config, short version)
    {
        // Version 0 has IsDefault and no source; later versions have the source, from which IsDefault follows.
        var source = version == 0
            ? (config.IsDefault ? ConfigSource.DefaultConfig : ConfigSource.UnknownConfig)
            : (ConfigSource)config.ConfigSource;
        return new ConfigEntryResult
        {
            Name = config.Name,
            Value = config.Value,
            IsDefault = version == 0 ? config.IsDefault : source == ConfigSource.DefaultConfig,
            IsReadOnly = config.ReadOnly,
            IsSensitive = config.IsSensitive,
            Source = source,
            Synonyms = [.. config.Synonyms.Select(s => new ConfigSynonym { Name = s.Name, Value = s.Value, Source = (ConfigSource)s.Source })],
        };
    }

    private static Dictionary<string, ConfigEntryResult> ToEntryMap(List<ConfigEntryResult> entries)
    {
        var map = new Dictionary<string, ConfigEntryResult>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            map[entry.Name] = entry;
        }

        return map;
    }
}
