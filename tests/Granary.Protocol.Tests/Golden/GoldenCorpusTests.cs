// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Xunit;

namespace Granary.Protocol.Tests.Golden;

public sealed class GoldenCorpusTests
{
    [Fact]
    public void OutputFolderHoldsExactlyTheExpectedFiles()
    {
        var onDisk = GoldenCorpus.FilesOnDisk();

        Assert.Equal(GoldenCorpus.ExpectedFiles.Count, onDisk.Count);
        Assert.Equal(GoldenCorpus.ExpectedFiles.Order(StringComparer.Ordinal), onDisk);
        Assert.All(GoldenCorpus.All, frame => Assert.NotEmpty(frame.Bytes));
    }

    [Theory]
    [InlineData("kcat")]
    [InlineData("kafkajs")]
    public void EachClientContributesTheRequestsTheIssueNames(string client)
    {
        var frames = GoldenCorpus.All.Where(frame => frame.Client == client).ToList();
        string[] required = ["ApiVersions", "Metadata", "Produce", "ListOffsets", "Fetch", "FindCoordinator", "JoinGroup", "SyncGroup", "OffsetFetch"];
        Assert.All(required, api => Assert.Contains(frames, frame => frame.ApiName == api));

        var codecs = frames.Where(frame => frame.ApiName == "Produce").Select(frame => frame.Label!.Split('-')[0]).Distinct().Order();
        Assert.Equal(["gzip", "lz4", "none", "snappy", "zstd"], codecs);
    }

    [Theory]
    [MemberData(nameof(GoldenCorpus.ExpectedFileData), MemberType = typeof(GoldenCorpus))]
    public void RequestFramesStartWithTheVersionTheirNameSays(string path)
    {
        var frame = GoldenCorpus.Get(path);
        if (frame.IsResponse)
        {
            // A response starts with its correlation id; the request that asked for it has the same one.
            var request = GoldenCorpus.Get($"{frame.Client}/{frame.ApiName[..^"Response".Length]}-v{frame.Version}.bin");
            Assert.Equal(BinaryPrimitives.ReadInt32BigEndian(request.Bytes.AsSpan(4)), BinaryPrimitives.ReadInt32BigEndian(frame.Bytes));
            return;
        }

        Assert.Equal(frame.Version, BinaryPrimitives.ReadInt16BigEndian(frame.Bytes.AsSpan(2)));
    }
}
