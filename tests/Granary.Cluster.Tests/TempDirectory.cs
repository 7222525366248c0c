// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster.Sqlite;
using Microsoft.Data.Sqlite;

namespace Granary.Cluster.Tests;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "granary-cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public SqliteClusterTableOptions Options(bool pooling = true, TimeSpan? busyTimeout = null) => new()
    {
        DataDirectory = Path,
        Pooling = pooling,
        BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(10),
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold the file for a moment; the OS temp cleaner gets it.
        }
    }
}
