// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Streams.Tests.Handlers;

public class HandlerActivationsTests
{
    [Fact]
    public async Task OneInstancePerKeyAndIdleInstancesAreCollected()
    {
        var time = new FakeTimeProvider();
        using var services = new ServiceCollection().BuildServiceProvider();
        var activations = new HandlerActivations(services, typeof(CountingHandler), time);

        var a = activations.Acquire("a");
        var again = activations.Acquire("a");
        Assert.Same(a.Instance, again.Instance);
        await activations.ReleaseAsync(again);
        var b = activations.Acquire("b");
        await activations.ReleaseAsync(b);
        Assert.Equal(2, activations.Count);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await activations.CollectIdleAsync(TimeSpan.FromMinutes(2)));
        Assert.True(((CountingHandler)b.Instance).Disposed);
        Assert.False(((CountingHandler)a.Instance).Disposed);

        await activations.ReleaseAsync(a);
        Assert.Equal(0, await activations.CollectIdleAsync(TimeSpan.FromMinutes(2)));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await activations.CollectIdleAsync(TimeSpan.FromMinutes(2)));
        Assert.True(((CountingHandler)a.Instance).Disposed);

        var reactivated = activations.Acquire("a");
        Assert.NotSame(a.Instance, reactivated.Instance);
        Assert.Equal(3, activations.Created);
    }

    private sealed class CountingHandler : IStreamHandler<string>, IDisposable
    {
        public bool Disposed { get; private set; }

        public Task OnNextAsync(string item, StreamEventContext context) => Task.CompletedTask;

        public void Dispose() => Disposed = true;
    }
}
