// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using Granary.Client.Consuming.Assignors;
using Granary.Client.Network;
using Granary.Protocol.Messages;

namespace Granary.Client.Consuming;

/// <summary>
/// The classic group protocol from the member's side: FindCoordinator, JoinGroup, SyncGroup (the leader runs the
/// assignor), heartbeats from this background loop, LeaveGroup. Rebalance steps are handed to the Consume thread as
/// events and awaited, so the application's handlers run where Confluent.Kafka runs them.
/// </summary>
internal sealed partial class GroupMembership
{
    private const short JoinGroupClientMax = 7;
    private const short SyncGroupClientMax = 5;
    private const short HeartbeatClientMax = 4;
    private const short LeaveGroupClientMax = 4;

    private readonly ConsumerCore _core;
    private readonly ConsumerSettings _settings;
    private readonly IPartitionAssignor[] _assignors;
    private readonly AsyncSignal _wake = new();
    private readonly object _sync = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly HashSet<TopicPartition> _owned = [];
    private List<string> _subscription = [];
    private List<Regex> _patterns = [];
    private SortedDictionary<string, int> _resolved = new(StringComparer.Ordinal);
    private SortedDictionary<string, int>? _joinedWith;
    private bool _metadataReady;
    private volatile bool _rejoinNeeded;
    private volatile bool _pollExpired;
    private volatile bool _stable;
    private bool _fatal;
    private KafkaConnection? _connection;
    private int _connectionNode = -1;
    private Task? _loop;
    private TaskCompletionSource? _unsubscribed;
    private string _protocolName = string.Empty;
    private List<JoinGroupResponse.JoinGroupResponseMember> _members = [];
    private string _leaderId = string.Empty;

    public GroupMembership(ConsumerCore core)
    {
        _core = core;
        _settings = core.Settings;
        _assignors = [.. _settings.AssignmentStrategies.Select(PartitionAssignors.Create)];
        IsCooperative = _assignors.All(a => a.IsCooperative);
    }

    public bool IsCooperative { get; }

    public string MemberId { get; private set; } = string.Empty;

    public int GenerationId { get; private set; } = -1;

    public int RebalanceCount { get; private set; }

    public bool IsStable => _stable;

    public bool IsLeader => _leaderId.Length > 0 && _leaderId == MemberId;

    public Task Completion => _loop ?? Task.CompletedTask;

    public List<string> Subscription
    {
        get
        {
            lock (_sync)
            {
                return [.. _subscription];
            }
        }
    }

    /// <summary>True while a new subscription waits for its first metadata.</summary>
    public bool WantsMetadata
    {
        get
        {
            lock (_sync)
            {
                return !_metadataReady && _subscription.Count > 0;
            }
        }
    }

    public void Subscribe(IEnumerable<string> topics)
    {
        var list = topics.Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0 || list.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Subscribe needs at least one non-empty topic name or ^regex.", nameof(topics));
        }

        lock (_sync)
        {
            _subscription = list;
            _patterns = [.. list.Where(t => t.StartsWith('^')).Select(t => new Regex(t, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))];
            _metadataReady = false;
            _rejoinNeeded = true;
            _unsubscribed = null;
            _loop ??= Task.Run(() => RunAsync(_core.Stopping));
        }

        _core.RequestMetadataRefresh();
        _wake.Set();
    }

    /// <summary>Empties the subscription; the task completes once the partitions are revoked and the group left.</summary>
    public Task UnsubscribeAsync()
    {
        lock (_sync)
        {
            _subscription = [];
            _patterns = [];
            _rejoinNeeded = true;
            if (_loop is null)
            {
                return Task.CompletedTask;
            }

            _unsubscribed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _wake.Set();
            return _unsubscribed.Task;
        }
    }

    /// <summary>Starts leaving: the loop revokes (through the Consume thread), leaves unless static, and ends.</summary>
    public Task CloseAsync()
    {
        _closing.Cancel();
        _wake.Set();
        return Completion;
    }

    public void OnPoll()
    {
        if (_pollExpired)
        {
            _pollExpired = false;
            _wake.Set();
        }
    }

    /// <summary>The literal subscribed topics; <paramref name="all"/> when a regex needs every topic's name.</summary>
    public List<string> MetadataTopics(out bool all)
    {
        lock (_sync)
        {
            all = _patterns.Count > 0;
            return [.. _subscription.Where(t => !t.StartsWith('^'))];
        }
    }

    public void OnMetadata(Metadata metadata)
    {
        lock (_sync)
        {
            if (_subscription.Count == 0)
            {
                return;
            }

            var resolved = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var topic in metadata.Topics)
            {
                if (topic.Error.IsError || topic.Partitions.Count == 0)
                {
                    continue;
                }

                var literal = _subscription.Contains(topic.Topic);
                var matched = !topic.Topic.StartsWith("__", StringComparison.Ordinal) && _patterns.Any(p => p.IsMatch(topic.Topic));
                if (literal || matched)
                {
                    resolved[topic.Topic] = topic.Partitions.Count;
                }
            }

            // A partial refresh (only the assigned topics) must not make other subscribed topics look deleted.
            var complete = _patterns.Count == 0
                ? _subscription.All(t => metadata.Topics.Any(m => m.Topic == t))
                : metadata.Topics.Count > 0 || resolved.Count > 0;
            if (!complete && _metadataReady)
            {
                return;
            }

            _resolved = resolved;
            _metadataReady = true;
            if (_joinedWith is not null && !_joinedWith.SequenceEqual(resolved))
            {
                _rejoinNeeded = true;
            }
        }

        _wake.Set();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested && !_fatal)
        {
            try
            {
                if (_closing.IsCancellationRequested)
                {
                    await LeaveAsync(forClose: true, stopping).ConfigureAwait(false);
                    return;
                }

                bool empty;
                bool ready;
                lock (_sync)
                {
                    empty = _subscription.Count == 0;
                    ready = _metadataReady;
                }

                if (empty)
                {
                    if (_owned.Count > 0 || MemberId.Length > 0)
                    {
                        await LeaveAsync(forClose: false, stopping).ConfigureAwait(false);
                    }

                    lock (_sync)
                    {
                        _unsubscribed?.TrySetResult();
                    }

                    await _wake.WaitAsync(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
                    continue;
                }

                if (_pollExpired || !ready)
                {
                    if (!ready)
                    {
                        _core.RequestMetadataRefresh();
                    }

                    await _wake.WaitAsync(TimeSpan.FromMilliseconds(100), stopping).ConfigureAwait(false);
                    continue;
                }

                await RebalanceAsync(stopping).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested)
            {
                // A join or sync cut short by Close: the next pass leaves.
            }
            catch (Exception ex)
            {
                failures++;
                _stable = false;
                _core.Log(SyslogLevel.Warning, "CGRP", $"Group {_settings.GroupId}: {ex.Message} (attempt {failures})");
                if (ex is KafkaException { Error.IsFatal: true })
                {
                    _core.Post(new ConsumerEvent.ErrorRaised(((KafkaException)ex).Error));
                    _fatal = true;
                    return;
                }

                await DropConnectionAsync().ConfigureAwait(false);
                _core.InvalidateCoordinator();
                try
                {
                    await Task.Delay(_settings.RetryBackoff * Math.Min(failures, 20), _core.Time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One join-sync-assign round, then heartbeats until the next rebalance is needed.</summary>
    private async Task RebalanceAsync(CancellationToken stopping)
    {
        _stable = false;
        if (!IsCooperative && _owned.Count > 0)
        {
            // Eager: give everything back (committing through the revoke step) before joining.
            await RunStepAsync(RebalanceKind.Revoke, [.. _owned], stopping).ConfigureAwait(false);
            _owned.Clear();
        }

        using var joinCancel = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closing.Token);
        _rejoinNeeded = false;
        if (!await JoinAsync(joinCancel.Token).ConfigureAwait(false))
        {
            return;
        }

        var assignment = await SyncAsync(joinCancel.Token).ConfigureAwait(false);
        if (assignment is null)
        {
            return;
        }

        RebalanceCount++;
        if (IsCooperative)
        {
            var revoked = _owned.Where(tp => !assignment.Contains(tp)).ToList();
            var added = assignment.Where(tp => !_owned.Contains(tp)).ToList();
            if (revoked.Count > 0)
            {
                await RunStepAsync(RebalanceKind.Revoke, revoked, stopping).ConfigureAwait(false);
                _owned.ExceptWith(revoked);

                // Revoked partitions wait for their next owner: rejoin so the leader can hand them over.
                _rejoinNeeded = true;
            }

            await RunStepAsync(RebalanceKind.IncrementalAssign, added, stopping).ConfigureAwait(false);
            _owned.UnionWith(added);
        }
        else
        {
            await RunStepAsync(RebalanceKind.Assign, assignment, stopping).ConfigureAwait(false);
            _owned.Clear();
            _owned.UnionWith(assignment);
        }

        if (_rejoinNeeded)
        {
            return;
        }

        _stable = true;
        await HeartbeatUntilRebalanceAsync(stopping).ConfigureAwait(false);
        _stable = false;
    }
}
