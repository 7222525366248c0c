// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.Partitions;
using Granary.Protocol;
using Granary.Runtime;

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>
/// Reads a <c>__consumer_offsets</c> partition from its LogStartOffset to its HighWatermark in chunks, for a group's
/// replay at activation and for finding groups after a restart.
/// </summary>
internal static class OffsetsPartitionReader
{
    private const int ChunkBytes = 1024 * 1024;

    /// <summary>
    /// Hands each chunk of whole batches and the offset it was read from to <paramref name="consume"/>, which returns
    /// the offset to read next; stops at the HighWatermark, at an empty read, or when a chunk makes no progress.
    /// </summary>
    public static async Task ReadAllAsync(GrainReference<IPartitionGrain> partition, string description, Func<byte[], long, long> consume)
    {
        var offsets = await partition.GetOffsetsAsync().ConfigureAwait(false);
        var next = Math.Max(offsets.LogStartOffset, 0);
        while (next < offsets.HighWatermark)
        {
            byte[] bytes;
            using (var read = await partition.ReadAsync(new PartitionReadRequest(next, ChunkBytes)).ConfigureAwait(false))
            {
                if (read.ErrorCode != KafkaErrorCode.None)
                {
                    throw new InvalidOperationException($"{description} failed at offset {next}: {read.ErrorCode}.");
                }

                if (read.Records is null || read.Records.IsEmpty)
                {
                    return;
                }

                bytes = read.Records.ToArray();
            }

            var before = next;
            next = consume(bytes, next);
            if (next <= before)
            {
                return;
            }
        }
    }
}
