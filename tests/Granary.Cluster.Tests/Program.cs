// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.Cluster.Sqlite;

namespace Granary.Cluster.Tests;

/// <summary>
/// The test assembly's entry point. Tests start it as a separate process (dotnet exec Granary.Cluster.Tests.dll ...)
/// to hit the cluster table file from another process, as a second silo on the same host would.
/// </summary>
public static class Program
{
    public const string AllocateProducerIds = "allocate-producer-ids";

    /// <summary>allocate-producer-ids DATA_DIR SILO_ID BLOCKS BLOCK_SIZE: prints "first size" per block, one a line.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is not [AllocateProducerIds, var dataDirectory, var silo, var blocks, var blockSize])
        {
            await Console.Error.WriteLineAsync($"usage: {AllocateProducerIds} DATA_DIR SILO_ID BLOCKS BLOCK_SIZE");
            return 2;
        }

        using var table = await SqliteClusterTable.OpenAsync(new SqliteClusterTableOptions { DataDirectory = dataDirectory, BusyTimeout = TimeSpan.FromSeconds(30) });
        var siloId = int.Parse(silo, CultureInfo.InvariantCulture);
        var size = int.Parse(blockSize, CultureInfo.InvariantCulture);
        for (var i = 0; i < int.Parse(blocks, CultureInfo.InvariantCulture); i++)
        {
            var block = await table.AllocateProducerIdBlockAsync(siloId, size);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{block.FirstProducerId} {block.Size}"));
        }

        return 0;
    }
}
