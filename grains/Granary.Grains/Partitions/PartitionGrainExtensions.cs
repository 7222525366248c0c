// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime;

namespace Granary.Grains.Partitions;

/// <summary>Typed, allocation-light calls on a partition grain reference.</summary>
public static class PartitionGrainExtensions
{
    /// <summary>Gets the partition grain of <paramref name="topic"/>/<paramref name="partition"/>.</summary>
    public static GrainReference<IPartitionGrain> GetPartitionGrain(this IGrainFactory factory, string topic, int partition)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.GetGrain<IPartitionGrain>(PartitionKey.Format(topic, partition));
    }

    /// <summary>Appends one batch and waits for the acknowledgement <paramref name="requiredAcks"/> asks for.</summary>
    public static async ValueTask<PartitionAppendResult> AppendAsync(this GrainReference<IPartitionGrain> grain, Memory<byte> records, short requiredAcks = -1)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var pending = await grain.InvokeAsync((records, requiredAcks), static (g, a) => g.BeginAppendAsync(a.records, a.requiredAcks)).ConfigureAwait(false);
        return await pending.Completion.ConfigureAwait(false);
    }

    public static ValueTask<PartitionReadResult> ReadAsync(this GrainReference<IPartitionGrain> grain, PartitionReadRequest request)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync(request, static (g, r) => g.ReadAsync(r), GrainCallFlags.ReadOnly);
    }

    public static ValueTask<PartitionListOffsetResult> ListOffsetAsync(this GrainReference<IPartitionGrain> grain, long timestamp, IsolationLevel isolation = IsolationLevel.ReadUncommitted)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync((timestamp, isolation), static (g, a) => g.ListOffsetAsync(a.timestamp, a.isolation), GrainCallFlags.ReadOnly);
    }

    public static ValueTask<PartitionDeleteRecordsResult> DeleteRecordsAsync(this GrainReference<IPartitionGrain> grain, long offset)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync(offset, static (g, o) => g.DeleteRecordsAsync(o));
    }

    public static ValueTask<PartitionOffsets> GetOffsetsAsync(this GrainReference<IPartitionGrain> grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync(0, static (g, _) => g.GetOffsetsAsync(), GrainCallFlags.ReadOnly);
    }

    public static ValueTask<bool> ExistsAsync(this GrainReference<IPartitionGrain> grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync(0, static (g, _) => g.ExistsAsync(), GrainCallFlags.ReadOnly);
    }
}
