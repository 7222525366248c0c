// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups.OffsetsTopic;
using Granary.Grains.Partitions;
using Granary.Protocol;
using Granary.Protocol.Records;
using Granary.Runtime;
using Granary.Runtime.Timers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Grains.ConsumerGroups;

/// <summary>
/// Hosts one <see cref="ConsumerGroup"/>. After every turn it appends the state machine's drained records to the
/// group's <c>__consumer_offsets</c> partition (in turn order, since each append is enqueued inside the turn) and
/// re-arms one grain timer at <see cref="ConsumerGroup.NextDeadline"/>. On activation it replays that partition, so
/// committed offsets and static members survive restarts. Commits are acknowledged only once their records are durable.
/// </summary>
public sealed partial class ConsumerGroupGrain : Grain, IConsumerGroupGrain
{
    private readonly ConsumerGroupOptions _options;
    private readonly TimeProvider _time;
    private readonly IOffsetsTopicProvisioner _provisioner;
    private readonly ConsumerGroupRegistry _registry;
    private readonly ILogger<ConsumerGroupGrain> _logger;
    private ConsumerGroup? _group;
    private GrainReference<IPartitionGrain>? _offsetsPartition;
    private IGrainTimer? _timer;
    private DateTimeOffset? _armedFor;
    private volatile bool _appendFailed;

    public ConsumerGroupGrain(
        IOptions<ConsumerGroupOptions> options,
        TimeProvider time,
        IOffsetsTopicProvisioner provisioner,
        ConsumerGroupRegistry registry,
        ILogger<ConsumerGroupGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _provisioner = provisioner;
        _registry = registry;
        _logger = logger;
    }

    private ConsumerGroup Group => _group ?? throw new InvalidOperationException("The group grain is not activated.");

    private GrainReference<IPartitionGrain> OffsetsPartition => _offsetsPartition ?? throw new InvalidOperationException("The group grain is not activated.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var groupId = GrainId.Key;
        var group = new ConsumerGroup(groupId, _options, _time);
        if (!await _provisioner.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"{IOffsetsTopicProvisioner.TopicName} cannot be created: no live silo.");
        }

        _offsetsPartition = GrainFactory.GetPartitionGrain(IOffsetsTopicProvisioner.TopicName, group.OffsetsTopicPartition);
        var replayed = await ReplayAsync(group, _offsetsPartition).ConfigureAwait(false);
        _group = group;
        _registry.Add(groupId);
        _timer = RegisterGrainTimer(static (grain, _) => grain.OnTimerAsync(), this, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        LogActivated(groupId, group.OffsetsTopicPartition, replayed, group.State);
        ArmTimer();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        return Task.CompletedTask;
    }

    public async Task<Task<JoinGroupResult>> BeginJoinGroupAsync(JoinGroupRequestData request)
    {
        if (_appendFailed)
        {
            return Task.FromResult(JoinGroupResult.Error(KafkaErrorCode.CoordinatorNotAvailable, request?.MemberId ?? string.Empty));
        }

        var pending = Group.JoinGroupAsync(request!);
        await PersistAsync().ConfigureAwait(false);
        return pending;
    }

    public async Task<Task<SyncGroupResult>> BeginSyncGroupAsync(SyncGroupRequestData request)
    {
        if (_appendFailed)
        {
            return Task.FromResult(SyncGroupResult.Error(KafkaErrorCode.CoordinatorNotAvailable));
        }

        var pending = Group.SyncGroupAsync(request);
        var durable = await PersistAsync().ConfigureAwait(false);
        return durable is null ? pending : AfterDurableAsync(pending, durable);
    }

    public async Task<KafkaErrorCode> HeartbeatAsync(string memberId, string? groupInstanceId, int generationId)
    {
        var error = Group.Heartbeat(memberId, groupInstanceId, generationId);
        await PersistAsync().ConfigureAwait(false);
        return error;
    }

    public async Task<LeaveGroupResult> LeaveGroupAsync(IReadOnlyList<LeaveGroupMember> members)
    {
        var result = Group.LeaveGroup(members);
        await PersistAsync().ConfigureAwait(false);
        return result;
    }

    public async Task<Task<IReadOnlyList<OffsetCommitPartitionResult>>> BeginCommitOffsetsAsync(OffsetCommitRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_appendFailed)
        {
            return Task.FromResult(AllFailed(request.Partitions, KafkaErrorCode.CoordinatorNotAvailable));
        }

        var results = Group.CommitOffsets(request.MemberId, request.GroupInstanceId, request.GenerationId, request.Partitions);
        var durable = await PersistAsync().ConfigureAwait(false);
        return durable is null ? Task.FromResult(results) : CommitDurableAsync(results, durable);
    }

    public Task<IReadOnlyList<OffsetFetchPartitionResult>> FetchOffsetsAsync(IReadOnlyList<TopicPartition>? partitions) =>
        Task.FromResult(Group.FetchOffsets(partitions));

    public Task<GroupDescription> DescribeAsync() => Task.FromResult(Group.Describe());

    public Task<GroupListing?> GetListingAsync() => Task.FromResult(Group.ToListing());

    public async Task<KafkaErrorCode> DeleteGroupAsync()
    {
        var error = Group.DeleteGroup();
        var durable = await PersistAsync().ConfigureAwait(false);
        if (durable is not null && (await durable.ConfigureAwait(false)).ErrorCode != KafkaErrorCode.None)
        {
            return KafkaErrorCode.CoordinatorNotAvailable;
        }

        return error;
    }

    public async Task<OffsetDeleteResult> DeleteOffsetsAsync(IReadOnlyList<TopicPartition> partitions)
    {
        var result = Group.DeleteOffsets(partitions);
        var durable = await PersistAsync().ConfigureAwait(false);
        if (durable is not null && (await durable.ConfigureAwait(false)).ErrorCode != KafkaErrorCode.None)
        {
            return new OffsetDeleteResult(KafkaErrorCode.CoordinatorNotAvailable, []);
        }

        return result;
    }

    /// <summary>Reads the group's offsets partition from its LogStartOffset to its HighWatermark through <see cref="ConsumerGroup.Replay"/>.</summary>
    private static async Task<long> ReplayAsync(ConsumerGroup group, GrainReference<IPartitionGrain> partition)
    {
        long replayed = 0;
        await OffsetsPartitionReader.ReadAllAsync(partition, $"Replaying {IOffsetsTopicProvisioner.TopicName} partition {group.OffsetsTopicPartition}", (bytes, next) =>
        {
            (next, var count) = ReplayBatches(group, bytes, next);
            replayed += count;
            return next;
        }).ConfigureAwait(false);
        return replayed;
    }

    private static (long Next, long Count) ReplayBatches(ConsumerGroup group, byte[] bytes, long next)
    {
        long count = 0;
        var batches = new RecordBatchEnumerator(bytes);
        while (batches.MoveNext())
        {
            var entry = batches.Current;
            if (entry.IsLegacy)
            {
                continue;
            }

            var header = entry.Header;
            using var reader = RecordBatchReader.Open(entry.Bytes);
            if (!header.IsControl)
            {
                foreach (var record in reader)
                {
                    if (record.Offset < next || record.IsKeyNull)
                    {
                        continue;
                    }

                    group.Replay(new OffsetsTopicRecord(record.Key.ToArray(), record.IsValueNull ? null : record.Value.ToArray()));
                    count++;
                }
            }

            next = Math.Max(next, header.BaseOffset + header.LastOffsetDelta + 1);
        }

        return (next, count);
    }

    private async Task OnTimerAsync()
    {
        _armedFor = null;
        Group.Tick();
        await PersistAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Appends the records this turn produced (enqueued before the turn ends, so appends keep turn order) and re-arms
    /// the timer. Returns the durability task, or null when the turn produced no records.
    /// </summary>
    private async Task<Task<PartitionAppendResult>?> PersistAsync()
    {
        var records = Group.DrainRecords();
        ArmTimer();
        if (records.Count == 0)
        {
            return null;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        byte[] batch;
        using (var builder = new RecordBatchBuilder())
        {
            builder.BaseTimestamp = now;
            foreach (var record in records)
            {
                builder.Append(now, record.Key, record.Value);
            }

            batch = builder.ToArray();
        }

        Task<PartitionAppendResult> durable;
        try
        {
            durable = (await OffsetsPartition.InvokeAsync((Memory<byte>)batch, static (g, b) => g.BeginAppendAsync(b, -1)).ConfigureAwait(false)).Completion;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            durable = Task.FromResult(PartitionAppendResult.Failed(KafkaErrorCode.CoordinatorNotAvailable, exception.Message));
        }

        _ = WatchAppendAsync(durable);
        return durable;
    }

    /// <summary>
    /// A failed append leaves the in-memory state ahead of the log: stop serving and deactivate, so the next
    /// activation rebuilds the group from what is durable.
    /// </summary>
    private async Task WatchAppendAsync(Task<PartitionAppendResult> durable)
    {
        var result = await durable.ConfigureAwait(false);
        if (result.ErrorCode != KafkaErrorCode.None && !_appendFailed)
        {
            _appendFailed = true;
            LogAppendFailed(GrainId.Key, result.ErrorCode, result.ErrorMessage);
        }
    }

    private void ArmTimer()
    {
        if (_appendFailed)
        {
            DeactivateOnIdle();
        }

        var deadline = Group.NextDeadline;
        if (_timer is null || deadline == _armedFor)
        {
            return;
        }

        _armedFor = deadline;
        if (deadline is not { } due)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var delay = due - _time.GetUtcNow();
        _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    private static async Task<SyncGroupResult> AfterDurableAsync(Task<SyncGroupResult> pending, Task<PartitionAppendResult> durable)
    {
        var result = await pending.ConfigureAwait(false);
        var appended = await durable.ConfigureAwait(false);
        return appended.ErrorCode == KafkaErrorCode.None || result.ErrorCode != KafkaErrorCode.None
            ? result
            : SyncGroupResult.Error(KafkaErrorCode.CoordinatorNotAvailable);
    }

    private static async Task<IReadOnlyList<OffsetCommitPartitionResult>> CommitDurableAsync(
        IReadOnlyList<OffsetCommitPartitionResult> results,
        Task<PartitionAppendResult> durable)
    {
        var appended = await durable.ConfigureAwait(false);
        if (appended.ErrorCode == KafkaErrorCode.None)
        {
            return results;
        }

        var error = MapAppendError(appended.ErrorCode);
        return [.. results.Select(r => r.ErrorCode == KafkaErrorCode.None ? r with { ErrorCode = error } : r)];
    }

    /// <summary>Kafka's mapping of a failed offsets-topic append to the error a committer sees.</summary>
    private static KafkaErrorCode MapAppendError(KafkaErrorCode appendError) => appendError switch
    {
        KafkaErrorCode.UnknownTopicOrPartition or KafkaErrorCode.NotEnoughReplicas or KafkaErrorCode.NotEnoughReplicasAfterAppend or KafkaErrorCode.RequestTimedOut
            => KafkaErrorCode.CoordinatorNotAvailable,
        KafkaErrorCode.NotLeaderOrFollower or KafkaErrorCode.KafkaStorageError => KafkaErrorCode.NotCoordinator,
        KafkaErrorCode.MessageTooLarge or KafkaErrorCode.RecordListTooLarge or KafkaErrorCode.InvalidFetchSize => KafkaErrorCode.InvalidCommitOffsetSize,
        KafkaErrorCode.CoordinatorNotAvailable => KafkaErrorCode.CoordinatorNotAvailable,
        _ => KafkaErrorCode.UnknownServerError,
    };

    private static IReadOnlyList<OffsetCommitPartitionResult> AllFailed(IReadOnlyList<OffsetCommitPartition> partitions, KafkaErrorCode error) =>
        [.. partitions.Select(p => new OffsetCommitPartitionResult(p.Topic, p.Partition, error))];

    [LoggerMessage(EventId = 700, Level = LogLevel.Debug, Message = "Group {GroupId} activated from __consumer_offsets partition {Partition}: {Records} records replayed, state {State}")]
    private partial void LogActivated(string groupId, int partition, long records, ConsumerGroupState state);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Group {GroupId}: appending to __consumer_offsets failed with {ErrorCode} ({Message}); the group reloads from the log")]
    private partial void LogAppendFailed(string groupId, KafkaErrorCode errorCode, string? message);
}
