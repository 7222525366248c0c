// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Consuming;

/// <summary>An auto-reset event both threads and async loops can wait on; setting it twice wakes one waiter once.</summary>
internal sealed class AsyncSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        try
        {
            if (_semaphore.CurrentCount == 0)
            {
                _semaphore.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another thread set it between the check and the release: it is set either way.
        }
        catch (ObjectDisposedException)
        {
            // Set after the consumer closed: nobody waits any more.
        }
    }

    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.Wait(timeout, cancellationToken);

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
