// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams.Providers;
using Granary.Streams.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Streams.Tests.Handlers;

public class ImplicitHandlerTests
{
    [Fact]
    public async Task AHostedHandlerGetsEachKeysRecordsInOrderWithKeysRunningConcurrently()
    {
        await using var silo = await TestSilo.StartAsync(("keyed", 1));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:granary"] = silo.BootstrapServers;
        builder.AddGranaryClient("granary");
        builder.Services.AddGranaryStreams("main", o =>
            {
                o.MaxConcurrency = 8;
                o.CommitInterval = TimeSpan.FromMilliseconds(100);
                o.ConsumerConfig["session.timeout.ms"] = "6000";
                o.ConsumerConfig["heartbeat.interval.ms"] = "500";
            })
            .AddStreamHandler<OrderedKeyHandler>();
        using var host = builder.Build();

        var provider = host.Services.GetRequiredKeyedService<IStreamProvider>("main");
        Assert.Same(provider, host.Services.GetRequiredService<IStreamProvider>());
        for (var key = 0; key < 10; key++)
        {
            await provider.GetStream<int>(StreamId.Create("keyed", "k" + key)).OnNextBatchAsync(Enumerable.Range(0, 20));
        }

        await host.StartAsync();
        await Wait.UntilAsync(() => OrderedKeyHandler.Seen.Values.Sum(l => { lock (l) { return l.Count; } }) >= 200, "200 records are handled");

        Assert.Equal(0, OrderedKeyHandler.Overlaps);
        Assert.InRange(OrderedKeyHandler.MaxRunning, 2, 8);
        Assert.Equal(10, OrderedKeyHandler.Seen.Count);
        foreach (var list in OrderedKeyHandler.Seen.Values)
        {
            lock (list)
            {
                Assert.Equal(Enumerable.Range(0, 20), list);
            }
        }

        Assert.Equal(10, OrderedKeyHandler.KeysByInstance.Count);
        Assert.Equal("granary.streams.main.keyed.handler." + typeof(OrderedKeyHandler).FullName, Assert.Single(((GranaryStreamProvider)provider).ActiveGroups));
        await host.StopAsync();
        Assert.Equal(10, OrderedKeyHandler.Disposed);
    }

    [Fact]
    public void InvalidOptionsFailTheHostStartNamingTheKeyAndRange()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddGranaryClient(o => o.BootstrapServers = "localhost:9092");
        builder.Services.AddGranaryStreams("bad", o => o.MaxConcurrency = 0);
        using var host = builder.Build();
        var failure = Assert.ThrowsAny<Exception>(() => host.StartAsync().GetAwaiter().GetResult());
        Assert.Contains("GranaryStreams:bad:MaxConcurrency must be between 1 and 10000 (was 0)", failure.Message);
    }
}
