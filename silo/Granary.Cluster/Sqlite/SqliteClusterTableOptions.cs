// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster.Sqlite;

/// <summary>Options of the SQLite cluster table (configuration section "Granary:Cluster:Sqlite").</summary>
public sealed class SqliteClusterTableOptions
{
    /// <summary>Default file name under the data directory.</summary>
    public const string DefaultFileName = "cluster.db";

    /// <summary>The silo's data directory (log.dirs); the table lives in <see cref="FileName"/> under it. Required.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The database file name.</summary>
    /// <value>Default "cluster.db".</value>
    public string FileName { get; set; } = DefaultFileName;

    /// <summary>How long a write waits for another process's write lock before failing with a clear error.</summary>
    /// <value>Default 5 s; allowed 0..600 s.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether connections are pooled inside this process. Disable to make every operation open its own connection,
    /// which behaves like a separate process towards the file's locks.
    /// </summary>
    /// <value>Default true.</value>
    public bool Pooling { get; set; } = true;

    /// <summary>The full path of the database file.</summary>
    public string FilePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));

    /// <summary>Returns one message per invalid setting, naming the key and the allowed range; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add($"{nameof(DataDirectory)} is required: the directory that holds the cluster table file.");
        }

        if (string.IsNullOrWhiteSpace(FileName) || FileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            errors.Add($"{nameof(FileName)} must be a plain file name (got '{FileName}').");
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromSeconds(600))
        {
            errors.Add($"{nameof(BusyTimeout)} must be between 0 and 600 seconds (got {BusyTimeout}).");
        }

        return errors;
    }
}
