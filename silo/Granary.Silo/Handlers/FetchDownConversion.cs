// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;
using Granary.Silo.FetchSessions;

namespace Granary.Silo.Handlers;

/// <summary>
/// Fetch v0-v3 come from clients that read only message format v0 (Fetch v0-1) or v1 (Fetch v2-3). The log stores v2
/// batches, so each partition's records are down-converted after the read (see <see cref="LegacyMessageSetWriter"/>:
/// sent uncompressed, headers dropped, control batches skipped). The converted bytes honour the partition's
/// max_bytes and, from v3, the response max_bytes, except that the first non-empty partition always gets at least
/// one whole message, as Kafka's KIP-74 rule does for batches.
/// </summary>
internal static class FetchDownConversion
{
    /// <summary>The highest Fetch version that needs down-conversion.</summary>
    public const short MaxLegacyVersion = 3;

    public static byte MagicFor(short fetchVersion) => fetchVersion <= 1 ? (byte)0 : (byte)1;

    /// <summary>Replaces each partition's v2 records with a legacy message set; new buffers (from the shared array pool) join <paramref name="rented"/>.</summary>
    public static void Apply(List<FetchResponse.FetchableTopicResponse> topics, short fetchVersion, List<FetchTarget> targets, int responseMaxBytes, List<byte[]> rented)
    {
        var magic = MagicFor(fetchVersion);
        var budget = fetchVersion >= 3 && responseMaxBytes > 0 ? responseMaxBytes : int.MaxValue;
        var requested = new Dictionary<(string, int), FetchTarget>();
        foreach (var target in targets)
        {
            requested.TryAdd((target.Topic, target.Partition), target);
        }

        long total = 0;
        foreach (var topic in topics)
        {
            foreach (var partition in topic.Partitions)
            {
                if (partition.Records is not { Length: > 0 } records || !requested.TryGetValue((topic.Topic, partition.PartitionIndex), out var target))
                {
                    continue;
                }

                var remaining = budget - total;
                if (remaining <= 0 && total > 0)
                {
                    partition.Records = ReadOnlyMemory<byte>.Empty;
                    continue;
                }

                var limit = (int)Math.Min(Math.Max(1, target.MaxBytes), Math.Max(1, remaining));
                var output = new PooledBufferWriter(Math.Min(records.Length + 4096, Math.Max(256, limit)));
                int written;
                try
                {
                    written = LegacyMessageSetWriter.ConvertFromV2(records.Span, magic, target.FetchOffset, limit, output);
                }
                catch (ProtocolException)
                {
                    output.Dispose();
                    partition.ErrorCode = (short)KafkaErrorCode.CorruptMessage;
                    partition.Records = ReadOnlyMemory<byte>.Empty;
                    continue;
                }

                var buffer = output.DetachBuffer(out var length);
                rented.Add(buffer);
                partition.Records = buffer.AsMemory(0, length);
                total += written;
            }
        }
    }
}
