// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Granary.Cluster;
using Granary.Cluster.Sqlite;

namespace Granary.Benchmarks.Client;

/// <summary>
/// A silo in a child process on a free port with its own data directory, so that what a benchmark measures in its own
/// process (MemoryDiagnoser allocations, CPU) is the client's alone.
/// </summary>
internal sealed class ChildSilo : IDisposable
{
    private readonly Process _process;

    private ChildSilo(Process process, string data, int port)
    {
        _process = process;
        DataDirectory = data;
        Port = port;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public string BootstrapServers => $"127.0.0.1:{Port}";

    /// <summary>Creates the single-partition <paramref name="topics"/> and starts the silo.</summary>
    public static ChildSilo Start(string name, params string[] topics)
    {
        var data = Path.Combine(Path.GetTempPath(), $"granary-bench-{name}-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        using (var table = SqliteClusterTable.OpenAsync(new SqliteClusterTableOptions { DataDirectory = data, Pooling = false }).GetAwaiter().GetResult())
        {
            foreach (var topic in topics)
            {
                var result = table.CreateTopicAsync(new NewTopic(topic, Guid.NewGuid(), 1, new Dictionary<string, string>(), false, [[0]])).GetAwaiter().GetResult();
                if (result.Status != ClusterWriteStatus.Success)
                {
                    throw new InvalidOperationException($"Topic {topic}: {result.Status}");
                }
            }
        }

        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Granary.Silo.dll"), "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", data, "--Logging:LogLevel:Default=Warning" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The silo did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new ChildSilo(process, data, port);
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return silo;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        silo.Dispose();
        throw new InvalidOperationException($"The silo did not listen on {port}.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }
}
