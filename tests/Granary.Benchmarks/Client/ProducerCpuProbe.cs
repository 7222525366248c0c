// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Granary.Client;

namespace Granary.Benchmarks.Client;

/// <summary>
/// Client CPU (utime+stime of this process) and bytes allocated per record for N x 100 B records produced to a child
/// silo: figures that load on the machine barely changes, unlike wall-clock rates. Modes: "handler" (Produce with a
/// delivery handler, as `granary perf produce` does), "fire" (Produce, no handler) and "async" (ProduceAsync, awaited
/// in windows of 10,000).
/// </summary>
internal static class ProducerCpuProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "handler";
        var records = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var size = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        using var silo = ChildSilo.Start("producer-cpu", "cpu");
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig
        {
            BootstrapServers = silo.BootstrapServers,
            LingerMs = 5,
            Acks = Acks.Leader,
            EnableIdempotence = false,
            QueueBufferingMaxMessages = 500_000,
        }).Build();
        var value = new byte[size];
        Array.Fill(value, (byte)'a');
        await producer.ProduceAsync("cpu", new Message<Null, byte[]> { Value = value }).ConfigureAwait(false);

        // Warm-up (JIT tiering) outside the measured window.
        await ProduceAsync(producer, "handler", Math.Min(records, 200_000), value).ConfigureAwait(false);

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpu0 = self.TotalProcessorTime;
        var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        var wall = Stopwatch.StartNew();
        var failed = await ProduceAsync(producer, mode, records, value).ConfigureAwait(false);
        wall.Stop();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpu0;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mode={mode} records={records} size={size} cpu={cpu.TotalSeconds:F2}s cpu/1M={cpu.TotalSeconds * 1_000_000 / records:F2}s alloc/record={(double)bytes / records:F0}B gen0={GC.CollectionCount(0) - g0} gen1={GC.CollectionCount(1) - g1} gen2={GC.CollectionCount(2) - g2} wall={wall.Elapsed.TotalSeconds:F2}s failed={failed}"));
        return failed == 0 ? 0 : 1;
    }

    private static async Task<long> ProduceAsync(IProducer<Null, byte[]> producer, string mode, int records, byte[] value)
    {
        long failed = 0;
        switch (mode)
        {
            case "handler":
                Action<DeliveryReport<Null, byte[]>> handler = report =>
                {
                    if (report.Error.IsError)
                    {
                        Interlocked.Increment(ref failed);
                    }
                };
                for (var i = 0; i < records; i++)
                {
                    ProduceWaiting(producer, value, handler);
                }

                break;
            case "fire":
                for (var i = 0; i < records; i++)
                {
                    ProduceWaiting(producer, value, null);
                }

                break;
            case "async":
                var window = new List<Task<DeliveryResult<Null, byte[]>>>(10_000);
                for (var i = 0; i < records; i++)
                {
                    window.Add(producer.ProduceAsync("cpu", new Message<Null, byte[]> { Value = value }));
                    if (window.Count == window.Capacity)
                    {
                        await Task.WhenAll(window).ConfigureAwait(false);
                        window.Clear();
                    }
                }

                await Task.WhenAll(window).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentException($"Unknown mode {mode} (handler, fire, async).", nameof(mode));
        }

        if (producer.Flush(TimeSpan.FromMinutes(5)) != 0)
        {
            throw new InvalidOperationException("Flush timed out.");
        }

        return Interlocked.Read(ref failed);
    }

    private static void ProduceWaiting(IProducer<Null, byte[]> producer, byte[] value, Action<DeliveryReport<Null, byte[]>>? handler)
    {
        while (true)
        {
            try
            {
                producer.Produce("cpu", new Message<Null, byte[]> { Value = value }, handler);
                return;
            }
            catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(1));
                Thread.Sleep(1);
            }
        }
    }
}
