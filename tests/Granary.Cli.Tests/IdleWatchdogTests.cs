// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cli.Perf;
using Xunit;

namespace Granary.Cli.Tests;

public sealed class IdleWatchdogTests
{
    [Fact]
    public void Progress_within_each_idle_period_keeps_the_token_alive_and_silence_cancels_it()
    {
        var time = new FakeTimeProvider();
        using var watchdog = new IdleWatchdog(TimeSpan.FromSeconds(10), time, CancellationToken.None);

        for (var i = 0; i < 20; i++)
        {
            watchdog.Progress();
            time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.False(watchdog.Token.IsCancellationRequested);

        time.Advance(TimeSpan.FromSeconds(12.5));
        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.True(watchdog.TimedOut);
    }

    [Fact]
    public void Cancelling_the_run_cancels_the_token_without_counting_as_a_timeout()
    {
        var time = new FakeTimeProvider();
        using var run = new CancellationTokenSource();
        using var watchdog = new IdleWatchdog(TimeSpan.FromSeconds(10), time, run.Token);

        run.Cancel();

        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.False(watchdog.TimedOut);
    }
}
