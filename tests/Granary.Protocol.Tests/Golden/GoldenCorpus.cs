// Copyright (c) Granary contributors. Licensed under the MIT License.

using Xunit;

namespace Granary.Protocol.Tests.Golden;

/// <summary>
/// The golden corpus: request frames captured from kcat 1.7.1 (librdkafka 2.0.2) and kafkajs 2.2.4 by
/// tests/Granary.Protocol.GoldenCapture/capture.sh, plus the Fetch responses the capture broker served them.
/// </summary>
/// <remarks>
/// The expected files are listed here on purpose: a test that globbed the folder would pass on an empty folder
/// (a broken copy to the output directory, a lost capture), so the list is the contract and the tests check the
/// folder holds exactly it.
/// </remarks>
public static class GoldenCorpus
{
    /// <summary>The ten records every producer wrote, once per codec: key-i / golden-i + " granary" x16.</summary>
    public const int RecordsPerBatch = 10;

    public static readonly IReadOnlyList<string> ExpectedFiles =
    [
        "kafkajs/ApiVersions-v2.bin",
        "kafkajs/Fetch-v11.bin",
        "kafkajs/FetchResponse-v11.bin",
        "kafkajs/FindCoordinator-v2.bin",
        "kafkajs/JoinGroup-v5.bin",
        "kafkajs/LeaveGroup-v3.bin",
        "kafkajs/ListOffsets-v3.bin",
        "kafkajs/Metadata-v6-topics.bin",
        "kafkajs/OffsetCommit-v5.bin",
        "kafkajs/OffsetFetch-v4.bin",
        "kafkajs/Produce-v7-gzip.bin",
        "kafkajs/Produce-v7-lz4-linked.bin",
        "kafkajs/Produce-v7-lz4.bin",
        "kafkajs/Produce-v7-none.bin",
        "kafkajs/Produce-v7-snappy.bin",
        "kafkajs/Produce-v7-zstd.bin",
        "kafkajs/SyncGroup-v3.bin",
        "kcat/ApiVersions-v3.bin",
        "kcat/Fetch-v11.bin",
        "kcat/FetchResponse-v11.bin",
        "kcat/FindCoordinator-v2.bin",
        "kcat/Heartbeat-v3.bin",
        "kcat/InitProducerId-v4.bin",
        "kcat/JoinGroup-v5.bin",
        "kcat/LeaveGroup-v1.bin",
        "kcat/ListOffsets-v2.bin",
        "kcat/Metadata-v4-all.bin",
        "kcat/Metadata-v4-none.bin",
        "kcat/Metadata-v4-topics.bin",
        "kcat/OffsetCommit-v7.bin",
        "kcat/OffsetFetch-v7.bin",
        "kcat/Produce-v7-gzip.bin",
        "kcat/Produce-v7-lz4.bin",
        "kcat/Produce-v7-none-idempotent.bin",
        "kcat/Produce-v7-none.bin",
        "kcat/Produce-v7-snappy.bin",
        "kcat/Produce-v7-zstd.bin",
        "kcat/SyncGroup-v3.bin",
    ];

    private static readonly Lazy<IReadOnlyList<GoldenFrame>> Frames = new(() =>
        [.. ExpectedFiles.Select(path => GoldenFrame.Load(Root, path))]);

    /// <summary>Where the build copies the corpus: next to the test assembly.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Golden");

    public static IReadOnlyList<GoldenFrame> All => Frames.Value;

    public static IEnumerable<GoldenFrame> Requests => All.Where(frame => !frame.IsResponse);

    public static IEnumerable<GoldenFrame> Produces => All.Where(frame => frame.ApiName == "Produce");

    /// <summary>The .bin files actually present, as relative paths with '/' separators.</summary>
    public static IReadOnlyList<string> FilesOnDisk() =>
        Directory.Exists(Root)
            ? [.. Directory.EnumerateFiles(Root, "*.bin", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Expected files as xunit theory rows.</summary>
    public static TheoryData<string> ExpectedFileData() => [.. ExpectedFiles];

    public static GoldenFrame Get(string relativePath) => All.Single(frame => frame.RelativePath == relativePath);
}
