// Copyright (c) Granary contributors. Licensed under the MIT License.

extern alias silo;

using BenchmarkDotNet.Attributes;
using Granary.Client;
using silo::Granary.Silo.Hosting;
using Granary.Cluster;
using Granary.Cluster.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Benchmarks.Client;

/// <summary>
/// The Granary.Client consumer reading a partition that sits in the page cache of an in-process silo, against a
/// memcpy of the same bytes in the same run. Allocated / Records gives bytes allocated per record.
/// </summary>
[MemoryDiagnoser]
public class ConsumerThroughputBenchmarks
{
    private const int Records = 100_000;
    private string _data = string.Empty;
    private WebApplication? _silo;
    private string _servers = string.Empty;
    private byte[] _source = [];
    private byte[] _target = [];

    [Params(100, 1000)]
    public int ValueSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = Path.Combine(Path.GetTempPath(), "granary-consumer-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_data);
        using (var table = SqliteClusterTable.OpenAsync(new SqliteClusterTableOptions { DataDirectory = _data, Pooling = false }).GetAwaiter().GetResult())
        {
            table.CreateTopicAsync(new NewTopic("bench", Guid.NewGuid(), 1, new Dictionary<string, string>(), false, [[0]])).GetAwaiter().GetResult();
        }

        _silo = SiloHost.CreateBuilder(["--port", "0", "--data-dir", _data, "--Logging:LogLevel:Default=Warning"]).Build();
        _silo.StartAsync().GetAwaiter().GetResult();
        _servers = $"127.0.0.1:{_silo.Services.GetRequiredService<SiloEndpoint>().BoundPort}";
        var value = new byte[ValueSize];
        Random.Shared.NextBytes(value);
        using (var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = _servers, LingerMs = 5 }).Build())
        {
            for (var i = 0; i < Records; i++)
            {
                producer.Produce("bench", new Message<Null, byte[]> { Value = value });
            }

            producer.Flush(TimeSpan.FromMinutes(5));
        }

        _source = new byte[Records * (ValueSize + 8)];
        _target = new byte[_source.Length];

        // One read so the segment is in the page cache before measuring.
        ConsumeIgnoringKeyAndValue();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _silo?.StopAsync().GetAwaiter().GetResult();
        _silo?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>The baseline: copying the records' payload once.</summary>
    [Benchmark(Baseline = true)]
    public int Memcpy()
    {
        _source.AsSpan().CopyTo(_target);
        return _target[^1];
    }

    /// <summary>Keys and values are not materialized: what the consume path itself allocates per record.</summary>
    [Benchmark]
    public long ConsumeIgnoringKeyAndValue() => ConsumeAll<Ignore, Ignore>("none");

    /// <summary>Confluent defaults: a byte[] value per record and an (empty) Headers object per message.</summary>
    [Benchmark]
    public long ConsumeByteArrayValues() => ConsumeAll<Null, byte[]>("all");

    private long ConsumeAll<TKey, TValue>(string fields)
    {
        var config = new ConsumerConfig { BootstrapServers = _servers, EnablePartitionEof = true };
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
