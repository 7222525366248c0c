// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Granary.Client;

namespace Granary.Benchmarks.Client;

/// <summary>
/// The Granary.Client consumer reading one partition (already in the page cache) of a silo running as a child process,
/// against kcat (librdkafka) reading the same partition in the same run. Figures are per record
/// (<c>OperationsPerInvoke</c>), and MemoryDiagnoser's Allocated is the client's bytes allocated per record.
/// </summary>
[MemoryDiagnoser]
public class ConsumerThroughputBenchmarks
{
    private const int Records = 100_000;
    private ChildSilo? _silo;

    [Params(100, 1000)]
    public int ValueSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _silo = ChildSilo.Start("consumer", "bench");
        var value = new byte[ValueSize];
        Random.Shared.NextBytes(value);
        using (var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = _silo.BootstrapServers, LingerMs = 5 }).Build())
        {
            for (var i = 0; i < Records; i++)
            {
                producer.Produce("bench", new Message<Null, byte[]> { Value = value });
            }

            producer.Flush(TimeSpan.FromMinutes(5));
        }

        // One read so the segment is in the page cache (and the consume path is jitted) before measuring.
        ConsumeIgnoringKeyAndValue();
    }

    [GlobalCleanup]
    public void Cleanup() => _silo?.Dispose();

    /// <summary>The baseline: kcat -C from the beginning to the end of the partition, its output discarded.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public void Kcat()
    {
        var start = new ProcessStartInfo("kcat") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-C", "-b", _silo!.BootstrapServers, "-t", "bench", "-p", "0", "-o", "beginning", "-e", "-q", "-f", "%o\n" })
        {
            start.ArgumentList.Add(arg);
        }

        using var kcat = Process.Start(start) ?? throw new InvalidOperationException("kcat did not start.");
        var errors = kcat.StandardError.ReadToEndAsync();
        kcat.StandardOutput.BaseStream.CopyTo(Stream.Null);
        kcat.WaitForExit();
        if (kcat.ExitCode != 0)
        {
            throw new InvalidOperationException("kcat failed: " + errors.GetAwaiter().GetResult());
        }
    }

    /// <summary>Keys and values are not materialized: what the consume path itself allocates per record.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long ConsumeIgnoringKeyAndValue() => ConsumeAll<Ignore, Ignore>("none");

    /// <summary>Confluent defaults: a byte[] value per record and an (empty) Headers object per message.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long ConsumeByteArrayValues() => ConsumeAll<Null, byte[]>("all");

    private long ConsumeAll<TKey, TValue>(string fields)
    {
        var config = new ConsumerConfig { BootstrapServers = _silo!.BootstrapServers, EnablePartitionEof = true };
        config.Set("dotnet.consumer.consume.result.fields", fields);
        using var consumer = new ConsumerBuilder<TKey, TValue>(config).Build();
        consumer.Assign(new TopicPartitionOffset("bench", 0, Offset.Beginning));
        long count = 0;
        while (true)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException($"Timed out after {count} records.");
            if (result.IsPartitionEOF)
            {
                return count == Records ? count : throw new InvalidOperationException($"EOF after {count} of {Records} records.");
            }

            count++;
        }
    }
}
