// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.Partitions;
using Granary.Protocol.Records;
using Granary.Runtime;
using Granary.Runtime.Hosting;
using Granary.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Grains.Tests.Partitions;

/// <summary>A real grain runtime and a real LogManager over a temp directory (real files, real fsync).</summary>
public sealed class PartitionHarness : IAsyncDisposable
{
    private ServiceProvider? _services;
    private LogManager? _logs;

    private PartitionHarness(string directory, TestDirectory partitions)
    {
        DataDirectory = directory;
        Partitions = partitions;
    }

    public string DataDirectory { get; }

    public TestDirectory Partitions { get; }

    public TestClock Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    public GrainRuntime Runtime => _services!.GetRequiredService<GrainRuntime>();

    public LogManager Logs => _logs!;

    public PartitionAppendSignal Signal => _services!.GetRequiredService<PartitionAppendSignal>();

    public static async Task<PartitionHarness> StartAsync(string directory, TestDirectory? partitions = null)
    {
        var harness = new PartitionHarness(directory, partitions ?? new TestDirectory());
        await harness.OpenAsync();
        return harness;
    }

    public GrainReference<IPartitionGrain> Partition(string topic = "t", int partition = 0) => Runtime.GetPartitionGrain(topic, partition);

    /// <summary>Stops the runtime (grains deactivate and write snapshots) and closes the logs cleanly, then reopens.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await OpenAsync();
    }

    /// <summary>Stops without letting grains deactivate (no snapshot), as after a crash of the process.</summary>
    public async Task RestartWithoutSnapshotAsync()
    {
        await StopAsync();
        foreach (var file in Directory.EnumerateFiles(DataDirectory, "producer-state.snapshot", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        await OpenAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Stops cleanly so a test can look at the files; call <see cref="ReopenAsync"/> afterwards.</summary>
    public Task StopForInspectionAsync() => StopAsync();

    public Task ReopenAsync() => OpenAsync();

    private async Task OpenAsync()
    {
        _logs = await LogManager.OpenAsync(new StorageOptions { DataDirectory = DataDirectory }, timeProvider: Clock, startBackgroundTasks: false);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(_logs);
        services.AddSingleton<IPartitionDirectory>(Partitions);
        services.AddGrainRuntime();
        services.AddPartitionGrains();
        _services = services.BuildServiceProvider();
    }

    private async Task StopAsync()
    {
        if (_services is not null)
        {
            await _services.GetRequiredService<GrainRuntime>().StopAsync();
            await _services.DisposeAsync();
            _services = null;
        }

        if (_logs is not null)
        {
            await _logs.CloseAsync();
            _logs = null;
        }
    }
}

/// <summary>Partitions known to the test (topic -> partition count and config).</summary>
public sealed class TestDirectory : IPartitionDirectory
{
    private readonly Dictionary<string, (int Count, PartitionPlacement Placement)> _topics = new() { ["t"] = (1, new PartitionPlacement(Guid.NewGuid(), LogConfig.Default)) };

    public void Set(string topic, int partitions, LogConfig? config = null, long timestampDifferenceMaxMs = long.MaxValue) =>
        _topics[topic] = (partitions, new PartitionPlacement(Guid.NewGuid(), config ?? LogConfig.Default, timestampDifferenceMaxMs));

    public ValueTask<PartitionPlacement?> FindAsync(string topic, int partition, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_topics.TryGetValue(topic, out var entry) && partition >= 0 && partition < entry.Count ? entry.Placement : null);
}

/// <summary>A clock that moves only when told.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public long NowMs => _now.ToUnixTimeMilliseconds();

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Builds produced batches.</summary>
public static class Batches
{
    public static byte[] Build(int count, long timestamp, long producerId = -1, short epoch = -1, int sequence = -1, CompressionType compression = CompressionType.None, string prefix = "v")
    {
        using var builder = new RecordBatchBuilder(compression)
        {
            ProducerId = producerId,
            ProducerEpoch = epoch,
            BaseSequence = sequence,
        };
        for (var i = 0; i < count; i++)
        {
            builder.Append(timestamp + i, System.Text.Encoding.UTF8.GetBytes("k" + i), System.Text.Encoding.UTF8.GetBytes(prefix + i));
        }

        return builder.ToArray();
    }

    /// <summary>The values of every record in <paramref name="bytes"/> (whole batches), with their offsets.</summary>
    public static List<(long Offset, string Value)> Values(ReadOnlyMemory<byte> bytes)
    {
        var values = new List<(long, string)>();
        var span = bytes.Span;
        while (span.Length >= RecordBatchHeader.Size)
        {
            var header = RecordBatchHeader.Read(span);
            using var reader = RecordBatchReader.Open(span[..header.TotalSize]);
            foreach (var record in reader)
            {
                values.Add((record.Offset, System.Text.Encoding.UTF8.GetString(record.Value)));
            }

            span = span[header.TotalSize..];
        }

        return values;
    }
}

/// <summary>A temp directory deleted at the end of a test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "granary-grains-" + Guid.NewGuid().ToString("N"));

    public TempDir() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
