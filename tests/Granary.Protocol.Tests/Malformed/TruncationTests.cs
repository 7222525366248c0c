// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Framing;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Granary.Protocol.Tests.Messages;
using Xunit;

namespace Granary.Protocol.Tests.Malformed;

public sealed class TruncationTests
{
    [Fact]
    public void EveryEncodingCutAtEveryByteIsRejected()
    {
        var factory = new RandomMessageFactory(11);
        var cuts = 0;
        foreach (var (type, version) in RandomMessageFactory.AllMessageVersions())
        {
            var bytes = MessageAssert.Encode(factory.Create(type, version), version);
            for (var cut = 0; cut < bytes.Length; cut++)
            {
                Decode.AssertRejected(type, bytes.AsMemory(0, cut), version, $"{type.Name} v{version} cut at {cut}/{bytes.Length}");
                cuts++;
            }
        }

        Assert.True(cuts > 10_000, $"only {cuts} cuts");
    }

    [Fact]
    public void TruncatedRequestFramesAreRejected()
    {
        using var buffer = new PooledBufferWriter();
        RequestFrame.Write(buffer, 9, 1, "c", new ProduceRequest { TopicData = [new() { Name = "t", PartitionData = [new() { Records = new byte[] { 1, 2, 3 } }] }] });
        var body = buffer.WrittenMemory[4..];
        for (var cut = 0; cut < body.Length; cut++)
        {
            var slice = body[..cut];
            var error = Record.Exception(() => RequestFrame.Read(slice));
            Assert.IsType<ProtocolException>(error);
        }
    }
}
