// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Network;

/// <summary>
/// A client's view of the cluster: one connection per broker (reconnected with exponential backoff), the bootstrap
/// servers tried in turn until one answers, and the latest metadata (brokers, topics, partition leaders).
/// </summary>
internal sealed class KafkaCluster : IAsyncDisposable
{
    private const short MetadataClientMax = 12;

    private readonly ClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<int, KafkaConnection> _byNode = [];
    private readonly Dictionary<int, BrokerAddress> _brokers = [];
    private readonly Dictionary<int, int> _failures = [];
    private KafkaConnection? _bootstrap;
    private bool _disposed;

    public KafkaCluster(ClusterOptions options, TimeProvider? timeProvider = null)
    {
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    public Metadata? LastMetadata { get; private set; }

    /// <summary>The controller named by the latest metadata (-1 when none was named).</summary>
    public int ControllerId { get; private set; } = -1;

    /// <summary>The cluster id named by the latest metadata.</summary>
    public string? ClusterId { get; private set; }

    /// <summary>
    /// A live connection to any broker: a known broker's connection, else each bootstrap server in turn, with
    /// backoff between rounds, until <see cref="ClusterOptions.BootstrapTimeout"/> has passed.
    /// </summary>
    public async Task<KafkaConnection> GetAnyConnectionAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_bootstrap is { IsFaulted: false })
            {
                return _bootstrap;
            }

            foreach (var connection in _byNode.Values)
            {
                if (!connection.IsFaulted)
                {
                    return connection;
                }
            }

            if (_bootstrap is not null)
            {
                // A faulted connection's socket stays open until it is disposed.
                var faulted = _bootstrap;
                _bootstrap = null;
                await faulted.DisposeAsync().ConfigureAwait(false);
            }

            _bootstrap = await ConnectToAnyAsync(cancellationToken).ConfigureAwait(false);
            return _bootstrap;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The connection to broker <paramref name="nodeId"/> (as named by the latest metadata).</summary>
    public async Task<KafkaConnection> GetConnectionAsync(int nodeId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_byNode.TryGetValue(nodeId, out var existing))
            {
                if (!existing.IsFaulted)
                {
                    return existing;
                }

                _byNode.Remove(nodeId);
                await existing.DisposeAsync().ConfigureAwait(false);
            }

            if (!_brokers.TryGetValue(nodeId, out var address))
            {
                throw new KafkaException(new Error(ErrorCode.Local_UnknownBroker, $"Broker {nodeId} is not in the cluster metadata."));
            }

            var failures = _failures.GetValueOrDefault(nodeId);
            if (failures > 0)
            {
                await Task.Delay(Backoff(failures), _time, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var connection = await KafkaConnection.ConnectAsync(
                    address, _options.ClientId, _options.MaxResponseBytes, _options.ConnectTimeout, _options.RequestTimeout, cancellationToken, _options.Security).ConfigureAwait(false);
                _failures.Remove(nodeId);
                _byNode[nodeId] = connection;
                return connection;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _failures[nodeId] = failures + 1;
                throw ex as KafkaException ?? new KafkaException(new Error(ErrorCode.Local_Transport, $"Connecting to broker {nodeId} at {address} failed: {ex.Message}"), ex);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Opens a connection to the node that this cluster does not cache or share: the consumer keeps its long-polling
    /// fetches and blocking JoinGroup calls off the shared connection, because a broker answers one connection's
    /// requests in order. The caller disposes it.
    /// </summary>
    public async Task<KafkaConnection> OpenDedicatedConnectionAsync(int nodeId, CancellationToken cancellationToken)
    {
        BrokerAddress address;
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_brokers.TryGetValue(nodeId, out address))
            {
                throw new KafkaException(new Error(ErrorCode.Local_UnknownBroker, $"Broker {nodeId} is not in the cluster metadata."));
            }
        }
        finally
        {
            _lock.Release();
        }

        try
        {
            return await KafkaConnection.ConnectAsync(
                address, _options.ClientId, _options.MaxResponseBytes, _options.ConnectTimeout, _options.RequestTimeout, cancellationToken, _options.Security).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not KafkaException)
        {
            throw new KafkaException(new Error(ErrorCode.Local_Transport, $"Connecting to broker {nodeId} at {address} failed: {ex.Message}"), ex);
        }
    }

    /// <summary>Fetches metadata for <paramref name="topics"/> (null: all topics) and remembers brokers and leaders.</summary>
    public async Task<Metadata> RefreshMetadataAsync(IReadOnlyCollection<string>? topics, CancellationToken cancellationToken)
    {
        var connection = await GetAnyConnectionAsync(cancellationToken).ConfigureAwait(false);
        var version = connection.Versions.Pick(ApiKey.Metadata, MetadataClientMax, clientMin: 1);
        var request = new MetadataRequest
        {
            Topics = topics is null ? null : [.. topics.Select(t => new MetadataRequest.MetadataRequestTopic { Name = t })],
            AllowAutoTopicCreation = _options.AllowAutoCreateTopics,
        };
        var response = await connection.SendAsync<MetadataResponse>(request, version, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        var brokers = response.Brokers.Select(b => new BrokerMetadata(b.NodeId, b.Host, b.Port)).ToList();
        var topicList = response.Topics.Select(t => new TopicMetadata(
            t.Name ?? string.Empty,
            [.. t.Partitions.OrderBy(p => p.PartitionIndex).Select(p => new PartitionMetadata(
                p.PartitionIndex, p.LeaderId, [.. p.ReplicaNodes], [.. p.IsrNodes], new Error((ErrorCode)p.ErrorCode)) { LeaderEpoch = p.LeaderEpoch })],
            new Error((ErrorCode)t.ErrorCode))).ToList();
        var metadata = new Metadata(brokers, topicList, -1, connection.Address.ToString());
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var broker in brokers)
            {
                var address = new BrokerAddress(broker.Host, broker.Port);
                if (_brokers.TryGetValue(broker.BrokerId, out var old) && old != address && _byNode.Remove(broker.BrokerId, out var stale))
                {
                    await stale.DisposeAsync().ConfigureAwait(false);
                }

                _brokers[broker.BrokerId] = address;
            }

            LastMetadata = metadata;
            ControllerId = response.ControllerId;
            ClusterId = response.ClusterId;
        }
        finally
        {
            _lock.Release();
        }

        return metadata;
    }

    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var connection in _byNode.Values)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            _byNode.Clear();
            if (_bootstrap is not null)
            {
                await _bootstrap.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private static bool IsSecurityFailure(KafkaException ex) =>
        ex.Error.Code is ErrorCode.SaslAuthenticationFailed or ErrorCode.Local_Ssl or ErrorCode.UnsupportedSaslMechanism or ErrorCode.IllegalSaslState;

    private TimeSpan Backoff(int failures)
    {
        var ms = _options.ReconnectBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        return TimeSpan.FromMilliseconds(Math.Min(ms, _options.ReconnectBackoffMax.TotalMilliseconds));
    }

    private async Task<KafkaConnection> ConnectToAnyAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var errors = new List<string>();
        for (var round = 1; ; round++)
        {
            foreach (var address in _options.Bootstrap)
            {
                var remaining = _options.BootstrapTimeout - _time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                try
                {
                    var connectTimeout = remaining < _options.ConnectTimeout ? remaining : _options.ConnectTimeout;
                    return await KafkaConnection.ConnectAsync(
                        address, _options.ClientId, _options.MaxResponseBytes, connectTimeout, _options.RequestTimeout, cancellationToken, _options.Security).ConfigureAwait(false);
                }
                catch (KafkaException ex) when (IsSecurityFailure(ex))
                {
                    // A rejected credential or an untrusted certificate will not change by retrying.
                    throw;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    errors.Add($"{address}: {ex.Message}");
                }
            }

            var left = _options.BootstrapTimeout - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                var tried = string.Join(", ", _options.Bootstrap);
                var last = errors.Count > 0 ? errors[^1] : "no attempt completed";
                throw new KafkaException(new Error(
                    ErrorCode.Local_AllBrokersDown,
                    $"No broker reachable within {_options.BootstrapTimeout.TotalMilliseconds:0} ms (bootstrap.servers tried: {tried}; {errors.Count} attempts; last error: {last})."));
            }

            var pause = Backoff(round);
            await Task.Delay(pause < left ? pause : left, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
