// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams.Hosting;
using Granary.Streams.Providers;

namespace Granary.Streams.Tests.Infrastructure;

/// <summary>A real silo plus a client and stream providers on it, with short intervals so tests run quickly.</summary>
public sealed class StreamHarness : IAsyncDisposable
{
    private readonly List<GranaryStreamProvider> _providers = [];

    private StreamHarness(TestSilo silo)
    {
        Silo = silo;
        Client = new GranaryClient(new GranaryClientOptions { BootstrapServers = silo.BootstrapServers, ClientId = "streams-tests" });
    }

    public TestSilo Silo { get; }

    public GranaryClient Client { get; }

    public static async Task<StreamHarness> StartAsync(params (string Name, int Partitions)[] topics) => new(await TestSilo.StartAsync(topics));

    public static GranaryStreamsOptions FastOptions() => new()
    {
        CommitInterval = TimeSpan.FromMilliseconds(100),
        ShutdownTimeout = TimeSpan.FromSeconds(10),
        Retry = { MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50) },
        ConsumerConfig = { ["session.timeout.ms"] = "6000", ["heartbeat.interval.ms"] = "500", ["request.timeout.ms"] = "3000" },
    };

    public GranaryStreamProvider NewProvider(GranaryStreamsOptions? options = null, string name = "test")
    {
        var provider = new GranaryStreamProvider(name, Client, options ?? FastOptions());
        _providers.Add(provider);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        Client.Dispose();
        await Silo.DisposeAsync();
    }
}
