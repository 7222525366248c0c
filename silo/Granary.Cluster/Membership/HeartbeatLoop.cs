// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster.Membership;

/// <summary>
/// The background loop the membership and metadata services share: every heartbeat interval (on the injected
/// <see cref="TimeProvider"/>) it runs one tick; a failed cluster-table call is reported and retried next interval,
/// and stopping cancels the wait and waits for a tick in progress.
/// </summary>
internal sealed class HeartbeatLoop : IAsyncDisposable
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task> _tick;
    private readonly Action<ClusterTableException> _failed;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public HeartbeatLoop(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> tick, Action<ClusterTableException> failed)
    {
        _interval = interval;
        _time = time;
        _tick = tick;
        _failed = failed;
    }

    public void Start()
    {
        if (_stopping is not null)
        {
            return;
        }

        _stopping = new CancellationTokenSource();
        _loop = RunAsync(_stopping.Token);
    }

    /// <summary>Stops the loop (idempotent); a later <see cref="Start"/> runs it again.</summary>
    public async Task StopAsync()
    {
        var stopping = _stopping;
        if (stopping is null)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _loop = null;
        _stopping = null;
        stopping.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
                await _tick(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ClusterTableException ex)
            {
                _failed(ex);
            }
        }
    }
}
