// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Network;
using Granary.Protocol.Messages;

namespace Granary.Client.Administration;

/// <summary>
/// The admin client: routes each request to the broker that must answer it (the controller for topic changes, the
/// group coordinator for group APIs, partition leaders for DeleteRecords and ListOffsets, any broker for metadata),
/// retries NOT_CONTROLLER / NOT_COORDINATOR / NOT_LEADER answers after refreshing, and bounds every call by its
/// RequestTimeout. The public methods live in the partial files named after their area.
/// </summary>
internal sealed partial class AdminClient : IAdminClient
{
    private readonly AdminClientBuilder _builder;
    private readonly KafkaCluster _cluster;
    private readonly AdminSettings _settings;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Node> _coordinators = new(StringComparer.Ordinal);
    private int _disposed;

    public AdminClient(AdminClientBuilder builder, KafkaCluster cluster, AdminSettings settings, string name, TimeProvider time)
    {
        _builder = builder;
        _cluster = cluster;
        _settings = settings;
        _time = time;
        Name = name;
    }

    public string Name { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _disposing.Cancel();
        _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _disposing.Dispose();
    }

    private static Error ToError(short code, string? message = null) => new((ErrorCode)code, message);

    private static int ToTimeoutMs(TimeSpan timeout) => (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);

    private static void EnsureDistinct<T>(IEnumerable<T> items, string what)
    {
        var seen = new HashSet<T>();
        foreach (var item in items)
        {
            if (!seen.Add(item))
            {
                throw new ArgumentException($"Duplicate {what} {item} in the request.");
            }
        }
    }

    /// <summary>Runs one admin call under its deadline, turning the deadline's cancellation into Local_TimedOut.</summary>
    private async Task<T> RunAsync<T>(string name, TimeSpan? requestTimeout, Func<AdminOperation, Task<T>> body)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var timeout = requestTimeout ?? _settings.RequestTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(requestTimeout), timeout, "RequestTimeout must be positive.");
        }

        using var op = new AdminOperation(name, timeout, _time, _disposing.Token);
        try
        {
            return await body(op).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            throw new KafkaException(new Error(ErrorCode.Local_Destroy, $"{name}: the admin client was disposed."));
        }
        catch (OperationCanceledException) when (op.IsExpired)
        {
            throw op.TimedOut();
        }
        catch (KafkaException ex) when (ex.Error.Code is ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown)
        {
            _builder.ErrorHandler?.Invoke(this, ex.Error);
            throw;
        }
    }

    private void Log(SyslogLevel level, string message) =>
        _builder.LogHandler?.Invoke(this, new LogMessage(Name, level, "ADMIN", message));

    private Task BackoffAsync(int attempt, AdminOperation op)
    {
        var ms = Math.Min(
            _settings.RetryBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16)),
            _settings.RetryBackoffMax.TotalMilliseconds);
        var pause = TimeSpan.FromMilliseconds(ms);
        return Task.Delay(pause < op.Remaining ? pause : op.Remaining, _time, op.Token);
    }

    private static Task<TResponse> SendAsync<TResponse>(KafkaConnection connection, IKafkaApiMessage request, short version, AdminOperation op)
        where TResponse : class, IKafkaApiMessage =>
        connection.SendAsync<TResponse>(request, version, op.RequestTimeout, op.Token);

    /// <summary>Metadata with brokers (and the controller id) known to the cluster view, refreshing when asked or when none is known yet.</summary>
    private async Task EnsureBrokersKnownAsync(bool refresh, AdminOperation op)
    {
        if (refresh || _cluster.LastMetadata is null)
        {
            await _cluster.RefreshMetadataAsync([], op.Token).ConfigureAwait(false);
        }
    }

    private async Task<int> ControllerAsync(bool refresh, AdminOperation op)
    {
        for (var attempt = 0; ; attempt++)
        {
            await EnsureBrokersKnownAsync(refresh || attempt > 0, op).ConfigureAwait(false);
            if (_cluster.ControllerId >= 0)
            {
                return _cluster.ControllerId;
            }

            Log(SyslogLevel.Debug, $"{op.Name}: the cluster names no controller yet; retrying.");
            await BackoffAsync(attempt, op).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends <paramref name="keys"/> to the controller and sends again, after refreshing metadata, those the broker
    /// answered NOT_CONTROLLER, until each has another answer or the call's deadline passes.
    /// </summary>
    private async Task<Dictionary<TKey, TResult>> ControllerRoundsAsync<TKey, TResult>(
        IReadOnlyList<TKey> keys,
        Func<KafkaConnection, IReadOnlyList<TKey>, Task<Dictionary<TKey, TResult>>> send,
        Func<TResult, ErrorCode> errorOf,
        Func<TKey, TResult> unanswered,
        AdminOperation op)
        where TKey : notnull
    {
        var results = new Dictionary<TKey, TResult>();
        IReadOnlyList<TKey> pending = keys;
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            var controller = await ControllerAsync(attempt > 0, op).ConfigureAwait(false);
            var connection = await _cluster.GetConnectionAsync(controller, op.Token).ConfigureAwait(false);
            var answered = await send(connection, pending).ConfigureAwait(false);
            var retry = new List<TKey>();
            foreach (var key in pending)
            {
                var result = answered.TryGetValue(key, out var r) ? r : unanswered(key);
                if (errorOf(result) == ErrorCode.NotController)
                {
                    retry.Add(key);
                }
                else
                {
                    results[key] = result;
                }
            }

            if (retry.Count > 0)
            {
                Log(SyslogLevel.Debug, $"{op.Name}: broker {controller} is not the controller; refreshing metadata and retrying {retry.Count} item(s).");
                await BackoffAsync(attempt, op).ConfigureAwait(false);
            }

            pending = retry;
        }

        return results;
    }

    private static Node ToNode(BrokerMetadata broker) => new() { Id = broker.BrokerId, Host = broker.Host, Port = broker.Port };

    private Node? KnownNode(int id) =>
        _cluster.LastMetadata?.Brokers.FirstOrDefault(b => b.BrokerId == id) is { } broker ? ToNode(broker) : null;
}
