// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Cluster.Controller;
using Granary.Cluster.Membership;
using Microsoft.Extensions.Options;

namespace Granary.Grains.ConsumerGroups;

/// <summary>
/// Creates <c>__consumer_offsets</c> through the cluster table, with replicas over the live silos. Creation races
/// between silos are settled by the table (AlreadyExists counts as success).
/// </summary>
public sealed class ClusterOffsetsTopicProvisioner : IOffsetsTopicProvisioner
{
    private readonly IClusterTable _table;
    private readonly IClusterMembership _membership;
    private readonly ConsumerGroupOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _exists;

    public ClusterOffsetsTopicProvisioner(IClusterTable table, IClusterMembership membership, IOptions<ConsumerGroupOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _table = table;
        _membership = membership;
        _options = options.Value;
    }

    public async Task<bool> EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (_exists)
        {
            return true;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _table.GetTopicAsync(IOffsetsTopicProvisioner.TopicName, cancellationToken).ConfigureAwait(false) is not null)
            {
                _exists = true;
                return true;
            }

            var silos = _membership.Current.ActiveSilos;
            if (silos.Count == 0)
            {
                return false;
            }

            var replication = (short)Math.Min(_options.OffsetsTopicReplicationFactor, silos.Count);
            var configs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["cleanup.policy"] = "compact",
                ["segment.bytes"] = _options.OffsetsTopicSegmentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var topic = new NewTopic(
                IOffsetsTopicProvisioner.TopicName,
                Guid.NewGuid(),
                replication,
                configs,
                IsInternal: true,
                ReplicaAssignment.Assign(silos, _options.OffsetsTopicNumPartitions, replication));
            var result = await _table.CreateTopicAsync(topic, cancellationToken).ConfigureAwait(false);
            _exists = result.Status is ClusterWriteStatus.Success or ClusterWriteStatus.AlreadyExists;
            return _exists;
        }
        finally
        {
            _gate.Release();
        }
    }
}
