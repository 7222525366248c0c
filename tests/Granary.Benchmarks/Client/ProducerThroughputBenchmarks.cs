// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Granary.Client;
using Granary.Cluster;
using Granary.Cluster.Sqlite;

namespace Granary.Benchmarks.Client;

/// <summary>
/// Granary.Client's fire-and-forget producer (Produce, then Flush) against kcat (librdkafka 2.0.2) producing the
/// same records, both idempotent with acks=all, to one local silo running as a child process (so the allocations
/// MemoryDiagnoser reports are the client's alone: divide by <see cref="Records"/> for bytes per record).
/// </summary>
[MemoryDiagnoser]
public class ProducerThroughputBenchmarks
{
    public const int Records = 100_000;

    private Process? _silo;
    private string _data = string.Empty;
    private string _kcatInput = string.Empty;
    private int _port;
    private byte[] _value = [];
    private IProducer<Null, byte[]>? _producer;

    [Params(100, 1000)]
    public int RecordSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = Path.Combine(Path.GetTempPath(), "granary-bench-producer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_data);
        using (var table = SqliteClusterTable.OpenAsync(new SqliteClusterTableOptions { DataDirectory = _data, Pooling = false }).GetAwaiter().GetResult())
        {
            foreach (var topic in new[] { "bench-client", "bench-kcat" })
            {
                var result = table.CreateTopicAsync(new NewTopic(topic, Guid.NewGuid(), 1, new Dictionary<string, string>(), false, [[0]])).GetAwaiter().GetResult();
                if (result.Status != ClusterWriteStatus.Success)
                {
                    throw new InvalidOperationException($"Topic {topic}: {result.Status}");
                }
            }
        }

        _port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Granary.Silo.dll"), "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", _data, "--Logging:LogLevel:Default=Warning" })
        {
            start.ArgumentList.Add(arg);
        }

        _silo = Process.Start(start) ?? throw new InvalidOperationException("The silo did not start.");
        _silo.OutputDataReceived += (_, _) => { };
        _silo.ErrorDataReceived += (_, _) => { };
        _silo.BeginOutputReadLine();
        _silo.BeginErrorReadLine();
        WaitForPort(_port);

        // 100 B / 1 KB values of printable bytes (kcat reads them one per line).
        _value = [.. Enumerable.Range(0, RecordSize).Select(i => (byte)('a' + (i % 26)))];
        _kcatInput = Path.Combine(_data, "kcat-input.txt");
        using (var file = File.Create(_kcatInput))
        {
            for (var i = 0; i < Records; i++)
            {
                file.Write(_value);
                file.WriteByte((byte)'\n');
            }
        }

        _producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig
        {
            BootstrapServers = $"127.0.0.1:{_port}",
            LingerMs = 5,
            QueueBufferingMaxMessages = Records * 2,
        }).Build();

        // Metadata, producer id and the connection are set up outside the measured operations.
        _producer.ProduceAsync("bench-client", new Message<Null, byte[]> { Value = _value }).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _producer?.Dispose();
        if (_silo is { HasExited: false })
        {
            _silo.Kill(entireProcessTree: true);
            _silo.WaitForExit();
        }

        _silo?.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public void Kcat()
    {
        var start = new ProcessStartInfo("kcat") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-P", "-b", $"127.0.0.1:{_port}", "-t", "bench-kcat", "-l", _kcatInput, "-X", "enable.idempotence=true", "-X", "linger.ms=5" })
        {
            start.ArgumentList.Add(arg);
        }

        using var kcat = Process.Start(start) ?? throw new InvalidOperationException("kcat did not start.");
        var errors = kcat.StandardError.ReadToEnd();
        kcat.WaitForExit();
        if (kcat.ExitCode != 0)
        {
            throw new InvalidOperationException("kcat failed: " + errors);
        }
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public void GranaryClient()
    {
        var producer = _producer!;
        for (var i = 0; i < Records; i++)
        {
            producer.Produce("bench-client", new Message<Null, byte[]> { Value = _value });
        }

        if (producer.Flush(TimeSpan.FromMinutes(2)) != 0)
        {
            throw new InvalidOperationException("Flush timed out.");
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static void WaitForPort(int port)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException($"The silo did not listen on {port}.");
    }
}
