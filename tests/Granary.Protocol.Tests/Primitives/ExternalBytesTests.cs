// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Granary.Protocol.Primitives;
using Xunit;

namespace Granary.Protocol.Tests.Primitives;

public sealed class ExternalBytesTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_sink_receives_the_bytes_by_reference_after_their_length_prefix(bool compact)
    {
        using var external = new CountingBytes([1, 2, 3, 4, 5]);
        var sink = new RecordingSink();
        var writer = new KafkaWriter(sink);
        writer.WriteNullableBytes(external.Memory, compact);

        Assert.Same(external, Assert.Single(sink.External));
        Assert.True(external.IsClaimed);
        Assert.Equal(0, external.Reads);
        Assert.Equal(compact ? [6] : new byte[] { 0, 0, 0, 5 }, sink.WrittenSpan.ToArray());
        Assert.Equal(sink.WrittenCount + 5, writer.BytesWritten);
    }

    [Fact]
    public void A_writer_that_is_not_a_sink_copies_the_bytes()
    {
        using var external = new CountingBytes([9, 8, 7]);
        var output = new ArrayBufferWriter<byte>();
        new KafkaWriter(output).WriteNullableBytes(external.Memory, compact: true);

        Assert.Equal(new byte[] { 4, 9, 8, 7 }, output.WrittenSpan.ToArray());
        Assert.False(external.IsClaimed);
        Assert.Equal(1, external.Reads);
    }

    [Fact]
    public void A_slice_of_external_bytes_is_copied_not_spliced()
    {
        using var external = new CountingBytes([1, 2, 3, 4]);
        var sink = new RecordingSink();
        new KafkaWriter(sink).WriteNullableBytes(external.Memory[1..3], compact: false);

        Assert.Empty(sink.External);
        Assert.Equal(new byte[] { 0, 0, 0, 2, 2, 3 }, sink.WrittenSpan.ToArray());
    }

    [Fact]
    public void Dispose_releases_the_source_once()
    {
        var external = new CountingBytes([1]);
        ((IDisposable)external).Dispose();
        ((IDisposable)external).Dispose();
        Assert.Equal(1, external.Releases);
    }

    private sealed class CountingBytes(byte[] content) : ExternalBytes(content.Length)
    {
        public int Reads { get; private set; }

        public int Releases { get; private set; }

        public override void Read(long offset, Span<byte> destination)
        {
            Reads++;
            content.AsSpan((int)offset, destination.Length).CopyTo(destination);
        }

        protected override void Release() => Releases++;
    }

    private sealed class RecordingSink : IBufferWriter<byte>, IExternalBytesSink
    {
        private readonly ArrayBufferWriter<byte> _inner = new();

        public List<ExternalBytes> External { get; } = [];

        public ReadOnlySpan<byte> WrittenSpan => _inner.WrittenSpan;

        public int WrittenCount => _inner.WrittenCount;

        public void Advance(int count) => _inner.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);

        public void AppendExternal(ExternalBytes bytes)
        {
            bytes.Claim();
            External.Add(bytes);
        }
    }
}
