// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Tests.Infrastructure;

public static class Wait
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Polls until the condition holds; fails the test with <paramref name="what"/> after a generous bound.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("Timed out waiting until " + what);
            }
        }
    }
}
