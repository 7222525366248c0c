// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime;

namespace Granary.Grains.Partitions;

/// <summary>
/// One partition (key <c>topic/partition</c>, see <see cref="PartitionKey"/>): validates and appends produced batches,
/// serves reads and offset lookups. Call it through <see cref="PartitionGrainExtensions"/>, which pick the right call
/// flags (reads interleave; appends are exclusive turns that only enqueue the write).
/// </summary>
public interface IPartitionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates one produced batch and enqueues it (the turn ends at once). The grain borrows
    /// <paramref name="records"/> and patches offsets into it until <see cref="PartitionAppend.Written"/> completes;
    /// <see cref="PartitionAppend.Completion"/> completes when the batch is appended (<paramref name="requiredAcks"/>
    /// 0 or 1) or durable (-1).
    /// </summary>
    Task<PartitionAppend> BeginAppendAsync(Memory<byte> records, short requiredAcks);

    /// <summary>Reads whole batches from the fetch offset up to the HighWatermark (or LastStableOffset).</summary>
    Task<PartitionReadResult> ReadAsync(PartitionReadRequest request);

    /// <summary>ListOffsets: -2 earliest, -1 latest, -3 max timestamp, else the first offset with timestamp &gt;= it.</summary>
    Task<PartitionListOffsetResult> ListOffsetAsync(long timestamp, IsolationLevel isolation);

    /// <summary>DeleteRecords: moves LogStartOffset up to <paramref name="offset"/> (-1 = the HighWatermark).</summary>
    Task<PartitionDeleteRecordsResult> DeleteRecordsAsync(long offset);

    /// <summary>The partition's positions; UnknownTopicOrPartition (as an exception-free null) is reported by <see cref="ExistsAsync"/>.</summary>
    Task<PartitionOffsets> GetOffsetsAsync();

    /// <summary>Whether the partition exists in the cluster table (read on activation).</summary>
    Task<bool> ExistsAsync();

    /// <summary>Re-reads the partition's config from the directory (after a topic config change).</summary>
    Task RefreshConfigAsync();
}
