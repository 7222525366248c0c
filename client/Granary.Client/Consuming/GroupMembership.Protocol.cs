// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Network;
using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Consuming;

/// <summary>The requests of the classic group protocol and their error handling.</summary>
internal sealed partial class GroupMembership
{
    private async Task<KafkaConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        var coordinator = await _core.GetCoordinatorAsync(cancellationToken).ConfigureAwait(false);
        if (_connection is { IsFaulted: false } && _connectionNode == coordinator)
        {
            return _connection;
        }

        await DropConnectionAsync().ConfigureAwait(false);
        _connection = await _core.Cluster.OpenDedicatedConnectionAsync(coordinator, cancellationToken).ConfigureAwait(false);
        _connectionNode = coordinator;
        return _connection;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
            _connectionNode = -1;
        }
    }

    private async Task<bool> JoinAsync(CancellationToken cancellationToken)
    {
        SortedDictionary<string, int> topics;
        lock (_sync)
        {
            topics = new SortedDictionary<string, int>(_resolved, StringComparer.Ordinal);
        }

        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        var owned = IsCooperative ? _owned.ToList() : [];
        var request = new JoinGroupRequest
        {
            GroupId = _settings.GroupId!,
            SessionTimeoutMs = (int)_settings.SessionTimeout.TotalMilliseconds,
            RebalanceTimeoutMs = (int)_settings.MaxPollInterval.TotalMilliseconds,
            MemberId = MemberId,
            GroupInstanceId = _settings.GroupInstanceId,
            ProtocolType = ConsumerProtocol.ProtocolType,
            Protocols = [.. _assignors.Select(a => new JoinGroupRequest.JoinGroupRequestProtocol
            {
                Name = a.Name,
                Metadata = ConsumerProtocol.EncodeSubscription(topics.Keys, owned, GenerationId),
            })],
        };
        var version = connection.Versions.Pick(ApiKey.JoinGroup, JoinGroupClientMax, clientMin: 1);
        if (_settings.GroupInstanceId is not null && version < 5)
        {
            throw new KafkaException(new Error(ErrorCode.UnsupportedVersion, "group.instance.id needs JoinGroup v5, which the coordinator does not support.", true));
        }

        // The coordinator holds JoinGroup until every member rejoined, up to the rebalance timeout.
        var timeout = _settings.MaxPollInterval + _settings.RequestTimeout;
        var response = await connection.SendAsync<JoinGroupResponse>(request, version, timeout, cancellationToken).ConfigureAwait(false);
        var error = (ErrorCode)response.ErrorCode;
        switch (error)
        {
            case ErrorCode.NoError:
                GenerationId = response.GenerationId;
                MemberId = response.MemberId;
                _leaderId = response.Leader;
                _protocolName = response.ProtocolName ?? string.Empty;
                _members = response.Members;
                lock (_sync)
                {
                    _joinedWith = topics;
                }

                return true;
            case ErrorCode.MemberIdRequired:
                // KIP-394: the coordinator names our member id; join again with it straight away.
                MemberId = response.MemberId;
                return false;
            case ErrorCode.UnknownMemberId:
            case ErrorCode.IllegalGeneration:
                await ResetMembershipAsync(error, cancellationToken).ConfigureAwait(false);
                return false;
            case ErrorCode.RebalanceInProgress:
                await Task.Delay(_settings.RetryBackoff, _core.Time, cancellationToken).ConfigureAwait(false);
                return false;
            case ErrorCode.NotCoordinatorForGroup:
            case ErrorCode.GroupCoordinatorNotAvailable:
            case ErrorCode.GroupLoadInProgress:
                throw new KafkaException(new Error(error, $"JoinGroup: {error}; looking for the coordinator again."));
            case ErrorCode.FencedInstanceId:
                throw new KafkaException(new Error(error, $"group.instance.id {_settings.GroupInstanceId} was fenced by another member with the same id.", true));
            default:
                _core.Post(new ConsumerEvent.ErrorRaised(new Error(error, $"JoinGroup for group {_settings.GroupId} failed: {error}.")));
                await Task.Delay(TimeSpan.FromSeconds(1), _core.Time, cancellationToken).ConfigureAwait(false);
                return false;
        }
    }

    private async Task<List<TopicPartition>?> SyncAsync(CancellationToken cancellationToken)
    {
        var assignments = IsLeader ? await ComputeAssignmentsAsync(cancellationToken).ConfigureAwait(false) : [];
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        var version = connection.Versions.Pick(ApiKey.SyncGroup, SyncGroupClientMax);
        var request = new SyncGroupRequest
        {
            GroupId = _settings.GroupId!,
            GenerationId = GenerationId,
            MemberId = MemberId,
            GroupInstanceId = version >= 3 ? _settings.GroupInstanceId : null,
            ProtocolType = version >= 5 ? ConsumerProtocol.ProtocolType : null,
            ProtocolName = version >= 5 ? _protocolName : null,
            Assignments = assignments,
        };
        var timeout = _settings.MaxPollInterval + _settings.RequestTimeout;
        var response = await connection.SendAsync<SyncGroupResponse>(request, version, timeout, cancellationToken).ConfigureAwait(false);
        var error = (ErrorCode)response.ErrorCode;
        switch (error)
        {
            case ErrorCode.NoError:
                return ConsumerProtocol.DecodeAssignment(response.Assignment);
            case ErrorCode.RebalanceInProgress:
                return null;
            case ErrorCode.UnknownMemberId:
            case ErrorCode.IllegalGeneration:
                await ResetMembershipAsync(error, cancellationToken).ConfigureAwait(false);
                return null;
            case ErrorCode.FencedInstanceId:
                throw new KafkaException(new Error(error, $"group.instance.id {_settings.GroupInstanceId} was fenced by another member with the same id.", true));
            default:
                throw new KafkaException(new Error(error, $"SyncGroup for group {_settings.GroupId} failed: {error}."));
        }
    }

    private async Task<List<SyncGroupRequest.SyncGroupRequestAssignment>> ComputeAssignmentsAsync(CancellationToken cancellationToken)
    {
        var assignor = _assignors.FirstOrDefault(a => a.Name == _protocolName)
            ?? throw new KafkaException(new Error(ErrorCode.InconsistentGroupProtocol, $"The coordinator chose assignor '{_protocolName}', which this member does not have."));
        var members = _members.Select(m => ConsumerProtocol.DecodeSubscription(m.MemberId, m.GroupInstanceId, m.Metadata)).ToList();
        var topics = members.SelectMany(m => m.Topics).Distinct(StringComparer.Ordinal).ToList();
        var metadata = await _core.Cluster.RefreshMetadataAsync(topics, cancellationToken).ConfigureAwait(false);
        var counts = metadata.Topics.Where(t => !t.Error.IsError && t.Partitions.Count > 0).ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
        var result = assignor.Assign(members, counts);
        _core.Log(SyslogLevel.Info, "ASSIGN", $"Group {_settings.GroupId} generation {GenerationId}: {assignor.Name} assigned " +
            string.Join("; ", result.Select(r => $"{r.Key}=[{string.Join(",", r.Value)}]")));
        return [.. result.Select(r => new SyncGroupRequest.SyncGroupRequestAssignment
        {
            MemberId = r.Key,
            Assignment = ConsumerProtocol.EncodeAssignment(r.Value),
        })];
    }

    private async Task HeartbeatUntilRebalanceAsync(CancellationToken stopping)
    {
        var lastSuccess = _core.Time.GetTimestamp();
        while (true)
        {
            await _wake.WaitAsync(_settings.HeartbeatInterval, stopping).ConfigureAwait(false);
            if (_closing.IsCancellationRequested || _rejoinNeeded)
            {
                return;
            }

            if (_core.SinceLastPoll > _settings.MaxPollInterval)
            {
                await PollExpiredAsync(stopping).ConfigureAwait(false);
                return;
            }

            ErrorCode error;
            try
            {
                error = await HeartbeatOnceAsync(stopping).ConfigureAwait(false);
            }
            catch (KafkaException ex)
            {
                if (_core.Time.GetElapsedTime(lastSuccess) > _settings.SessionTimeout)
                {
                    _core.Log(SyslogLevel.Warning, "HEARTBEAT", $"No heartbeat answered within session.timeout.ms: {ex.Message}");
                    await ResetMembershipAsync(ErrorCode.UnknownMemberId, stopping).ConfigureAwait(false);
                    return;
                }

                await DropConnectionAsync().ConfigureAwait(false);
                continue;
            }

            switch (error)
            {
                case ErrorCode.NoError:
                    lastSuccess = _core.Time.GetTimestamp();
                    break;
                case ErrorCode.RebalanceInProgress:
                    return;
                case ErrorCode.UnknownMemberId:
                case ErrorCode.IllegalGeneration:
                    await ResetMembershipAsync(error, stopping).ConfigureAwait(false);
                    return;
                case ErrorCode.FencedInstanceId:
                    throw new KafkaException(new Error(error, $"group.instance.id {_settings.GroupInstanceId} was fenced by another member with the same id.", true));
                case ErrorCode.NotCoordinatorForGroup:
                case ErrorCode.GroupCoordinatorNotAvailable:
                    _core.InvalidateCoordinator();
                    await DropConnectionAsync().ConfigureAwait(false);
                    return;
                default:
                    _core.Post(new ConsumerEvent.ErrorRaised(new Error(error, $"Heartbeat for group {_settings.GroupId} failed: {error}.")));
                    break;
            }
        }
    }

    private async Task<ErrorCode> HeartbeatOnceAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        var version = connection.Versions.Pick(ApiKey.Heartbeat, HeartbeatClientMax);
        var request = new HeartbeatRequest
        {
            GroupId = _settings.GroupId!,
            GenerationId = GenerationId,
            MemberId = MemberId,
            GroupInstanceId = version >= 3 ? _settings.GroupInstanceId : null,
        };
        var response = await connection.SendAsync<HeartbeatResponse>(request, version, _settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return (ErrorCode)response.ErrorCode;
    }

    /// <summary>
    /// max.poll.interval.ms passed without a Consume call: leave so the group moves on, and tell the application
    /// (lost handler) when it next calls Consume, which also rejoins.
    /// </summary>
    private async Task PollExpiredAsync(CancellationToken stopping)
    {
        _core.Log(SyslogLevel.Warning, "MAXPOLL", $"Application maximum poll interval ({_settings.MaxPollInterval.TotalMilliseconds:0} ms) exceeded: leaving group {_settings.GroupId}.");
        _core.Post(new ConsumerEvent.ErrorRaised(new Error(ErrorCode.Local_MaxPollExceeded,
            $"Application maximum poll interval ({_settings.MaxPollInterval.TotalMilliseconds:0} ms) exceeded by {(_core.SinceLastPoll - _settings.MaxPollInterval).TotalMilliseconds:0} ms.")));
        _pollExpired = true;
        await SendLeaveGroupAsync("max.poll.interval.ms exceeded", stopping).ConfigureAwait(false);
        var lost = _owned.ToList();
        _owned.Clear();
        MemberId = string.Empty;
        GenerationId = -1;

        // Nobody polls now, so the lost step is queued without waiting; the next Consume runs it.
        _core.Post(new ConsumerEvent.Rebalance(RebalanceKind.Lost, lost));
        if (_core.SinceLastPoll <= _settings.MaxPollInterval)
        {
            _pollExpired = false;
        }
    }

    /// <summary>The coordinator no longer knows this member or generation: its partitions are lost, not revoked.</summary>
    private async Task ResetMembershipAsync(ErrorCode reason, CancellationToken cancellationToken)
    {
        _core.Log(SyslogLevel.Info, "CGRP", $"Group {_settings.GroupId}: {reason}; rejoining.");
        if (reason == ErrorCode.UnknownMemberId)
        {
            MemberId = string.Empty;
        }

        GenerationId = -1;
        if (_owned.Count > 0)
        {
            var lost = _owned.ToList();
            _owned.Clear();
            await RunStepAsync(RebalanceKind.Lost, lost, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Revokes what is owned and leaves the group (not for a static member closing, which keeps its place).</summary>
    private async Task LeaveAsync(bool forClose, CancellationToken cancellationToken)
    {
        _stable = false;
        if (_owned.Count > 0)
        {
            var revoked = _owned.ToList();
            await RunStepAsync(RebalanceKind.Revoke, revoked, cancellationToken).ConfigureAwait(false);
            _owned.Clear();
        }

        if (MemberId.Length > 0 && !(forClose && _settings.GroupInstanceId is not null))
        {
            await SendLeaveGroupAsync(forClose ? "the consumer is closing" : "the consumer unsubscribed", cancellationToken).ConfigureAwait(false);
        }

        MemberId = forClose && _settings.GroupInstanceId is not null ? MemberId : string.Empty;
        GenerationId = -1;
        lock (_sync)
        {
            _joinedWith = null;
        }

        await DropConnectionAsync().ConfigureAwait(false);
    }

    private async Task SendLeaveGroupAsync(string reason, CancellationToken cancellationToken)
    {
        if (MemberId.Length == 0)
        {
            return;
        }

        try
        {
            // The shared connection: the dedicated one may still hold a JoinGroup the coordinator has not answered.
            var coordinator = await _core.GetCoordinatorAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _core.Cluster.GetConnectionAsync(coordinator, cancellationToken).ConfigureAwait(false);
            var version = connection.Versions.Pick(ApiKey.LeaveGroup, LeaveGroupClientMax);
            // v0-2 name one member; v3+ (KIP-345) a list of members, which may carry the group.instance.id.
            var request = version < 3
                ? new LeaveGroupRequest { GroupId = _settings.GroupId!, MemberId = MemberId }
                : new LeaveGroupRequest
                {
                    GroupId = _settings.GroupId!,
                    Members = [new LeaveGroupRequest.MemberIdentity { MemberId = MemberId, GroupInstanceId = _settings.GroupInstanceId, Reason = version >= 5 ? reason : null }],
                };
            var response = await connection.SendAsync<LeaveGroupResponse>(request, version, _settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
            if (response.ErrorCode != 0)
            {
                _core.Log(SyslogLevel.Info, "LEAVE", $"LeaveGroup for group {_settings.GroupId}: {(ErrorCode)response.ErrorCode}.");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _core.Log(SyslogLevel.Info, "LEAVE", $"LeaveGroup for group {_settings.GroupId} failed: {ex.Message}");
        }
    }

    /// <summary>Hands a rebalance step to the Consume thread and heartbeats until it is done.</summary>
    private async Task RunStepAsync(RebalanceKind kind, List<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        var step = new ConsumerEvent.Rebalance(kind, partitions);
        _core.Post(step);
        while (!step.Done.Task.IsCompleted)
        {
            var tick = Task.Delay(_settings.HeartbeatInterval, _core.Time, cancellationToken);
            await Task.WhenAny(step.Done.Task, tick).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!step.Done.Task.IsCompleted && kind != RebalanceKind.Lost && MemberId.Length > 0 && GenerationId >= 0)
            {
                try
                {
                    // Keeps the session alive while the application runs its handler; a rebalance answer is expected.
                    await HeartbeatOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (KafkaException)
                {
                    await DropConnectionAsync().ConfigureAwait(false);
                }
            }
        }
    }
}
