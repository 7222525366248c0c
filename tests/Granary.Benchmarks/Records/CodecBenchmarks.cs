// Copyright (c) Granary contributors. Licensed under the MIT License.

using BenchmarkDotNet.Attributes;
using Granary.Protocol.Compression;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;

namespace Granary.Benchmarks.Records;

/// <summary>Each codec compressing and decompressing 1 MiB of JSON-like records; gzip is the in-run baseline.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private const int Size = 1024 * 1024;
    private readonly PooledBufferWriter _output = new(2 * Size);
    private byte[] _input = [];
    private byte[] _compressed = [];

    [Params(CompressionType.Gzip, CompressionType.Lz4, CompressionType.Snappy, CompressionType.Zstd)]
    public CompressionType Codec { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = BenchmarkData.Json(Size);
        _output.Clear();
        CompressionCodec.For(Codec).Compress(_input, _output);
        _compressed = _output.WrittenSpan.ToArray();
        Console.WriteLine($"// {Codec}: {Size} -> {_compressed.Length} bytes (ratio {(double)Size / _compressed.Length:F2})");
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark]
    public int Compress()
    {
        _output.Clear();
        CompressionCodec.For(Codec).Compress(_input, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int Decompress()
    {
        _output.Clear();
        return CompressionCodec.For(Codec).Decompress(_compressed, _output, 2 * Size);
    }
}
