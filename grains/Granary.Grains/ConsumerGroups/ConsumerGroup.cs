// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups.OffsetsTopic;
using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

/// <summary>
/// Kafka's classic group coordinator for one group, as a deterministic state machine: no I/O, no threads, time
/// from an injected <see cref="TimeProvider"/>. The host (a ConsumerGroupGrain) calls it one turn at a time, calls
/// <see cref="Tick"/> when <see cref="NextDeadline"/> passes, and appends the records from
/// <see cref="DrainRecords"/> to <c>__consumer_offsets</c>; on activation it feeds them back through
/// <see cref="Replay"/>. JoinGroup and SyncGroup answers are tasks the state machine completes when the
/// rebalance (or the leader's assignment) completes.
/// </summary>
public sealed partial class ConsumerGroup
{
    /// <summary>Kafka expires a member that never got its first JoinGroup answer after this long (not configurable there either).</summary>
    public const int NewMemberJoinTimeoutMs = 300_000;

    /// <summary>The protocol type of Kafka consumers, whose subscriptions the coordinator can read.</summary>
    public const string ConsumerProtocolType = "consumer";

    private const long NoDeadline = long.MaxValue;

    private readonly ConsumerGroupOptions options;
    private readonly TimeProvider timeProvider;
    private readonly Func<Guid> newGuid;

    // Insertion order matters: a departed leader is replaced by the oldest remaining member.
    private readonly OrderedDictionary<string, GroupMember> members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> staticMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> pendingMembers = new(StringComparer.Ordinal);
    private readonly HashSet<string> pendingSyncMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, CommittedOffset> offsets = [];
    private readonly List<OffsetsTopicRecord> records = [];

    private int numMembersAwaitingJoin;
    private bool newMemberAdded;
    private long joinDeadline = NoDeadline;
    private bool joinIsInitialDelay;
    private long initialDelayRemainingMs;
    private long syncDeadline = NoDeadline;
    private long nextRetentionCheck;
    private HashSet<string>? subscribedTopics;

    public ConsumerGroup(string groupId, ConsumerGroupOptions options, TimeProvider timeProvider, Func<Guid>? newGuid = null)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        GroupId = groupId;
        this.options = options;
        this.timeProvider = timeProvider;
        this.newGuid = newGuid ?? Guid.NewGuid;
        nextRetentionCheck = Now + options.OffsetsRetentionCheckIntervalMs;
    }

    public string GroupId { get; }

    /// <summary>The group's state; <see cref="ConsumerGroupState.Dead"/> until it is created and after it is deleted.</summary>
    public ConsumerGroupState State { get; private set; } = ConsumerGroupState.Dead;

    public int GenerationId { get; private set; }

    /// <summary>The protocol type, or null for a group that only stores offsets (standalone commits).</summary>
    public string? ProtocolType { get; private set; }

    /// <summary>The protocol selected for the current generation, or null.</summary>
    public string? ProtocolName { get; private set; }

    public string? LeaderId { get; private set; }

    /// <summary>Unix milliseconds of the last state change (Kafka's currentStateTimestamp).</summary>
    public long? CurrentStateTimestamp { get; private set; }

    /// <summary>The member ids, oldest first.</summary>
    public IReadOnlyList<string> MemberIds => [.. members.Keys];

    /// <summary>Topics the members subscribe to, when every member's consumer subscription could be read; else null.</summary>
    public IReadOnlySet<string>? SubscribedTopics => subscribedTopics;

    /// <summary>The partition of <c>__consumer_offsets</c> that holds this group.</summary>
    public int OffsetsTopicPartition => OffsetsTopicPartitioner.PartitionFor(GroupId, options.OffsetsTopicNumPartitions);

    /// <summary>When <see cref="Tick"/> next has work to do.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            // A group that does not exist has nothing to expire, so an idle host need not wake for it.
            var retention = State == ConsumerGroupState.Dead ? NoDeadline : nextRetentionCheck;
            var next = Math.Min(Math.Min(joinDeadline, syncDeadline), retention);
            foreach (var deadline in pendingMembers.Values)
            {
                next = Math.Min(next, deadline);
            }

            foreach (var member in members.Values)
            {
                next = Math.Min(next, member.SessionDeadline);
            }

            return next == NoDeadline ? null : DateTimeOffset.FromUnixTimeMilliseconds(next);
        }
    }

    private long Now => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private int RebalanceTimeoutMs
    {
        get
        {
            var max = 0;
            foreach (var member in members.Values)
            {
                max = Math.Max(max, member.RebalanceTimeoutMs);
            }

            return max;
        }
    }

    /// <summary>The committed offset of a partition, or null.</summary>
    public CommittedOffset? GetCommittedOffset(TopicPartition partition) => offsets.GetValueOrDefault(partition);

    /// <summary>The records to append to <c>__consumer_offsets</c> since the last call, in order.</summary>
    public IReadOnlyList<OffsetsTopicRecord> DrainRecords()
    {
        var drained = records.ToArray();
        records.Clear();
        return drained;
    }

    /// <summary>The group as DescribeGroups reports it.</summary>
    public GroupDescription Describe()
    {
        if (State == ConsumerGroupState.Dead)
        {
            return new GroupDescription(KafkaErrorCode.None, GroupId, State.ToKafkaName(), string.Empty, string.Empty, []);
        }

        var stable = State == ConsumerGroupState.Stable;
        var described = new List<GroupMemberDescription>(members.Count);
        foreach (var member in members.Values)
        {
            described.Add(new GroupMemberDescription(
                member.MemberId,
                member.GroupInstanceId,
                member.ClientId,
                member.ClientHost,
                stable ? member.MetadataFor(ProtocolName!) : [],
                stable ? member.Assignment : []));
        }

        return new GroupDescription(
            KafkaErrorCode.None,
            GroupId,
            State.ToKafkaName(),
            ProtocolType ?? string.Empty,
            stable ? ProtocolName! : string.Empty,
            described);
    }

    /// <summary>The group as ListGroups reports it, or null when it does not exist.</summary>
    public GroupListing? ToListing() =>
        State == ConsumerGroupState.Dead ? null : new GroupListing(GroupId, ProtocolType ?? string.Empty, State.ToKafkaName());

    private void CreateGroup(long now)
    {
        State = ConsumerGroupState.Empty;
        CurrentStateTimestamp = now;
        GenerationId = 0;
        ProtocolType = null;
        ProtocolName = null;
        LeaderId = null;
        subscribedTopics = null;
    }

    /// <summary>Forgets everything: the group no longer exists (deleted or expired).</summary>
    private void ResetToDead(long now)
    {
        foreach (var member in members.Values)
        {
            member.AwaitingJoin?.TrySetResult(JoinGroupResult.Error(KafkaErrorCode.UnknownMemberId, member.MemberId));
            member.AwaitingSync?.TrySetResult(SyncGroupResult.Error(KafkaErrorCode.UnknownMemberId));
        }

        members.Clear();
        staticMembers.Clear();
        pendingMembers.Clear();
        pendingSyncMembers.Clear();
        offsets.Clear();
        numMembersAwaitingJoin = 0;
        newMemberAdded = false;
        joinDeadline = NoDeadline;
        syncDeadline = NoDeadline;
        GenerationId = 0;
        ProtocolType = null;
        ProtocolName = null;
        LeaderId = null;
        subscribedTopics = null;
        State = ConsumerGroupState.Dead;
        CurrentStateTimestamp = now;
    }

    private void TransitionTo(ConsumerGroupState target, long now)
    {
        if (!State.CanTransitionTo(target))
        {
            throw new InvalidOperationException($"Group {GroupId} cannot go from {State} to {target}.");
        }

        State = target;
        CurrentStateTimestamp = now;
    }

    private bool IsStaticMemberFenced(string? groupInstanceId, string memberId) =>
        groupInstanceId is not null
        && staticMembers.TryGetValue(groupInstanceId, out var current)
        && current != memberId;

    private bool IsLeader(string memberId) => LeaderId == memberId;
}
