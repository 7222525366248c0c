// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Storage;

namespace Granary.Grains.Partitions;

/// <summary>What a partition grain needs to know about its partition from the cluster table.</summary>
/// <param name="TopicId">The topic's id (written to partition.metadata).</param>
/// <param name="Config">The effective log config (topic overrides over broker defaults).</param>
/// <param name="TimestampDifferenceMaxMs">message.timestamp.difference.max.ms: CreateTime batches further from the broker clock are refused.</param>
/// <param name="LeaderEpoch">The partition's leader epoch, stamped into appended batches.</param>
public sealed record PartitionPlacement(Guid TopicId, LogConfig Config, long TimestampDifferenceMaxMs = long.MaxValue, int LeaderEpoch = 0);
