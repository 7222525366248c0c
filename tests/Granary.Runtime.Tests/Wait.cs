// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Tests;

/// <summary>Bounded waits so a broken runtime fails a test instead of hanging it (no timing is asserted).</summary>
public static class Wait
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static async Task ForAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + (long)Limit.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("condition not reached");
            }

            await Task.Delay(5);
        }
    }

    public static async Task SignalAsync(SemaphoreSlim signal)
    {
        if (!await signal.WaitAsync(Limit))
        {
            throw new TimeoutException("signal not raised");
        }
    }

    /// <summary>Gives the thread pool a real chance to run anything that is (wrongly) runnable.</summary>
    public static Task SettleAsync() => Task.Delay(100);
}
