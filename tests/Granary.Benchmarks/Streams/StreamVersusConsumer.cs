// Copyright (c) Granary contributors. Licensed under the MIT License.

extern alias silo;

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Granary.Client;
using Granary.Cluster;
using Granary.Cluster.Sqlite;
using Granary.Streams;
using Granary.Streams.Hosting;
using Granary.Streams.Providers;
using Granary.Streams.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using silo::Granary.Silo.Hosting;

namespace Granary.Benchmarks.Streams;

/// <summary>
/// Issue 7's stream delivery goal against raw consumer throughput in the same run: an in-process silo holds one
/// partition of 100 B events over 1,000 keys; each round drains it once with a plain Granary.Client consumer and
/// once with a stream subscription over every key (MaxConcurrency 64) calling a trivial handler. Rates are timed
/// from the first event to the last (group join and connection set-up excluded); allocations and CPU are the whole
/// process's (the silo included, the same for both), per event.
/// Run: <c>dotnet run -c Release -- stream-vs-consumer [--events N] [--keys N] [--concurrency N] [--rounds N]</c>.
/// </summary>
public static class StreamVersusConsumer
{
    private const string Topic = "events";

    public static async Task<int> RunAsync(string[] args)
    {
        var events = Arg(args, "--events", 200_000);
        var keys = Arg(args, "--keys", 1_000);
        var concurrency = Arg(args, "--concurrency", 64);
        var rounds = Arg(args, "--rounds", 3);
        var data = Path.Combine(Path.GetTempPath(), "granary-stream-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        using (var table = await SqliteClusterTable.OpenAsync(new SqliteClusterTableOptions { DataDirectory = data, Pooling = false }))
        {
            await table.CreateTopicAsync(new NewTopic(Topic, Guid.NewGuid(), 1, new Dictionary<string, string>(), false, [[0]]));
        }

        var app = SiloHost.CreateBuilder(["--port", "0", "--data-dir", data, "--Logging:LogLevel:Default=Warning"]).Build();
        await app.StartAsync();
        try
        {
            var servers = $"127.0.0.1:{app.Services.GetRequiredService<SiloEndpoint>().BoundPort}";
            await PrefillAsync(servers, events, keys);
            using var client = new GranaryClient(new GranaryClientOptions { BootstrapServers = servers, ClientId = "stream-bench" });
            await RawAsync(client, events, "warm-up"); // page cache, JIT
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{events} events of 100 B, 1 partition, {keys} keys, MaxConcurrency {concurrency}; {Environment.ProcessorCount} cores"));
            Console.WriteLine("| round | raw consumer events/s | stream events/s | stream / raw | raw B/event | stream B/event | raw CPU µs/event | stream CPU µs/event |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            for (var round = 1; round <= rounds; round++)
            {
                var raw = await RawAsync(client, events, "raw-" + round);
                var stream = await StreamAsync(client, events, concurrency, "stream-" + round);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {round} | {raw.Rate:N0} | {stream.Rate:N0} | {stream.Rate / raw.Rate:0.00} | {raw.BytesPerEvent:N0} | {stream.BytesPerEvent:N0} | {raw.CpuMicrosPerEvent:0.00} | {stream.CpuMicrosPerEvent:0.00} |"));
            }

            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task PrefillAsync(string servers, int events, int keys)
    {
        var keyBytes = Enumerable.Range(0, keys).Select(k => Encoding.UTF8.GetBytes("key-" + k.ToString(CultureInfo.InvariantCulture))).ToArray();
        var value = new byte[100];
        using var producer = new ProducerBuilder<byte[], byte[]>(new Dictionary<string, string> { ["bootstrap.servers"] = servers, ["linger.ms"] = "5" }).Build();
        for (var i = 0; i < events; i++)
        {
            while (true)
            {
                try
                {
                    producer.Produce(Topic, new Message<byte[], byte[]> { Key = keyBytes[i % keys], Value = value });
                    break;
                }
                catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    await Task.Delay(1);
                }
            }
        }

        producer.Flush(TimeSpan.FromMinutes(5));
    }

    private static async Task<Measurement> RawAsync(GranaryClient client, int events, string group)
    {
        using var consumer = client.CreateConsumerBuilder(new Dictionary<string, string> { ["group.id"] = group, ["enable.auto.commit"] = "false" }).Build();
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        var first = await consumer.ConsumeAsync();
        var meter = Meter.Start();
        long sum = first.Offset.Value;
        for (var i = 1; i < events; i++)
        {
            sum += (await consumer.ConsumeAsync()).Message!.Value.Length;
        }

        var result = meter.Stop(events - 1);
        consumer.Close();
        GC.KeepAlive(sum);
        return result;
    }

    private static async Task<Measurement> StreamAsync(GranaryClient client, int events, int concurrency, string group)
    {
        var options = new GranaryStreamsOptions { MaxConcurrency = concurrency, CommitInterval = TimeSpan.FromSeconds(1) };
        await using var provider = new GranaryStreamProvider("bench", client, options);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = 0;
        Meter? meter = null;
        var spec = new SubscriptionSpec(Topic, null, group, null, null, StreamSubscriptionStartPosition.Earliest, group);
        await provider.StartAsync(spec, (_, _, _) =>
        {
            var n = Interlocked.Increment(ref handled);
            if (n == 1)
            {
                meter = Meter.Start();
            }
            else if (n == events)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        }, null);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
        return meter!.Value.Stop(events - 1);
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private readonly record struct Measurement(double Rate, double BytesPerEvent, double CpuMicrosPerEvent);

    private readonly record struct Meter(long Began, long Allocated, TimeSpan Cpu)
    {
        public static Meter Start() => new(TimeProvider.System.GetTimestamp(), GC.GetTotalAllocatedBytes(precise: false), Process.GetCurrentProcess().TotalProcessorTime);

        public Measurement Stop(int events)
        {
            var elapsed = TimeProvider.System.GetElapsedTime(Began);
            var allocated = GC.GetTotalAllocatedBytes(precise: false) - Allocated;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - Cpu;
            return new Measurement(events / elapsed.TotalSeconds, (double)allocated / events, cpu.TotalMicroseconds / events);
        }
    }
}
