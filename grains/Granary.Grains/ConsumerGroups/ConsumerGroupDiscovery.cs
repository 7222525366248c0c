// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Grains.ConsumerGroups.OffsetsTopic;
using Granary.Grains.Partitions;
using Granary.Protocol;
using Granary.Protocol.Records;
using Granary.Runtime;

namespace Granary.Grains.ConsumerGroups;

/// <summary>
/// Finds every group that has state in <c>__consumer_offsets</c> (a committed offset or group metadata whose latest
/// record is not a tombstone) and adds it to the <see cref="ConsumerGroupRegistry"/>, so ListGroups lists groups from
/// before a restart without anything having activated them. Runs once per silo, on the first call; a failed pass
/// (e.g. a partition still loading) is retried by the next call.
/// </summary>
public sealed class ConsumerGroupDiscovery
{
    private readonly IGrainFactory _grains;
    private readonly IClusterTable _table;
    private readonly ConsumerGroupRegistry _registry;
    private readonly Lock _gate = new();
    private Task? _discovery;

    public ConsumerGroupDiscovery(IGrainFactory grains, IClusterTable table, ConsumerGroupRegistry registry)
    {
        _grains = grains;
        _table = table;
        _registry = registry;
    }

    /// <summary>Completes once the offsets topic has been scanned (at once after the first successful scan).</summary>
    public Task EnsureDiscoveredAsync()
    {
        lock (_gate)
        {
            if (_discovery is null || _discovery.IsFaulted || _discovery.IsCanceled)
            {
                _discovery = DiscoverAsync();
            }

            return _discovery;
        }
    }

    private async Task DiscoverAsync()
    {
        var topic = await _table.GetTopicAsync(IOffsetsTopicProvisioner.TopicName).ConfigureAwait(false);
        if (topic is null)
        {
            return;
        }

        // Per group, its keys and whether each one's latest record is live; a group counts when one key is.
        var live = new Dictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal);
        for (var partition = 0; partition < topic.PartitionCount; partition++)
        {
            await ScanAsync(_grains.GetPartitionGrain(topic.Name, partition), live).ConfigureAwait(false);
        }

        foreach (var (group, keys) in live)
        {
            if (keys.ContainsValue(true))
            {
                _registry.Add(group);
            }
        }
    }

    private static Task ScanAsync(GrainReference<IPartitionGrain> partition, Dictionary<string, Dictionary<string, bool>> live) =>
        OffsetsPartitionReader.ReadAllAsync(partition, $"Scanning {IOffsetsTopicProvisioner.TopicName}", (bytes, next) => Collect(bytes, next, live));

    private static long Collect(byte[] bytes, long next, Dictionary<string, Dictionary<string, bool>> live)
    {
        var batches = new RecordBatchEnumerator(bytes);
        while (batches.MoveNext())
        {
            var entry = batches.Current;
            if (entry.IsLegacy)
            {
                continue;
            }

            var header = entry.Header;
            if (!header.IsControl)
            {
                using var reader = RecordBatchReader.Open(entry.Bytes);
                foreach (var record in reader)
                {
                    if (record.Offset < next || record.IsKeyNull)
                    {
                        continue;
                    }

                    OffsetsTopicKey key;
                    try
                    {
                        key = OffsetsTopicCodec.DecodeKey(record.Key);
                    }
                    catch (ProtocolException)
                    {
                        // A key of a version this silo does not know (written by a newer one): not a group we can serve.
                        continue;
                    }

                    if (!live.TryGetValue(key.Group, out var keys))
                    {
                        keys = new Dictionary<string, bool>(StringComparer.Ordinal);
                        live[key.Group] = keys;
                    }

                    keys[Convert.ToBase64String(record.Key)] = !record.IsValueNull;
                }
            }

            next = Math.Max(next, header.BaseOffset + header.LastOffsetDelta + 1);
        }

        return next;
    }
}
