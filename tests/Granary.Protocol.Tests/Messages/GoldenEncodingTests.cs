// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Framing;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Granary.Protocol.Tests.Malformed;
using Xunit;

namespace Granary.Protocol.Tests.Messages;

/// <summary>Encodings worked out by hand from Kafka's protocol documentation.</summary>
public sealed class GoldenEncodingTests
{
    // ApiVersions v3 request as a client sends it: header v2 (api key 18, version 3, correlation id 1, classic
    // client id "c", no tags), then the compact software name "k" and version "1", no tags.
    private static readonly byte[] ApiVersionsV3 =
    [
        0, 0, 0, 17,
        0, 18, 0, 3, 0, 0, 0, 1, 0, 1, (byte)'c', 0,
        2, (byte)'k', 2, (byte)'1', 0,
    ];

    // Metadata v0 request body: one topic "t".
    private static readonly byte[] MetadataV0 = [0, 0, 0, 1, 0, 1, (byte)'t'];

    [Fact]
    public void ApiVersionsRequestMatchesTheWire()
    {
        using var buffer = new PooledBufferWriter();
        RequestFrame.Write(buffer, 3, 1, "c", new ApiVersionsRequest { ClientSoftwareName = "k", ClientSoftwareVersion = "1" });
        Assert.Equal(ApiVersionsV3, buffer.ToArray());

        var decoded = RequestFrame.Read(ApiVersionsV3.AsMemory(4));
        Assert.Equal(2, decoded.HeaderVersion);
        Assert.Equal("k", ((ApiVersionsRequest)decoded.Body).ClientSoftwareName);
    }

    [Fact]
    public void MetadataRequestMatchesTheWire()
    {
        Assert.Equal(MetadataV0, MessageAssert.Encode(new MetadataRequest { Topics = [new() { Name = "t" }] }, 0));
    }

    [Fact]
    public void GoldenEncodingsCutAtEveryByteAreRejected()
    {
        for (var cut = 0; cut < MetadataV0.Length; cut++)
        {
            Decode.AssertRejected(typeof(MetadataRequest), MetadataV0.AsMemory(0, cut), 0, $"metadata cut at {cut}");
        }

        var body = ApiVersionsV3.AsMemory(4);
        for (var cut = 0; cut < body.Length; cut++)
        {
            var slice = body[..cut];
            Assert.IsType<ProtocolException>(Record.Exception(() => RequestFrame.Read(slice)));
        }
    }
}
