// Copyright (c) Granary contributors. Licensed under the MIT License.

using Xunit;
using Xunit.Abstractions;

namespace Granary.Protocol.Tests.Golden;

/// <summary>
/// Seeded mutation fuzzing over the golden corpus. Whatever a peer sends, decoding a frame (the message and every
/// record batch in it, decompressed under a bound) either succeeds or throws <see cref="ProtocolException"/>: never
/// another exception, never an allocation out of proportion to the frame, never a hang.
/// </summary>
public sealed class GoldenMutationFuzzTests(ITestOutputHelper output)
{
    public const int MutationsPerFile = 5_000;

    /// <summary>
    /// Allocation allowed per decode: this many bytes per frame byte, plus a fixed allowance. The per-byte part covers
    /// decompression under <see cref="MaxUncompressedBytes"/> (32 x frame); the fixed part covers a rejected frame's
    /// exception and stack trace (about 7 KiB) and the codecs' own state. The worst seen over the corpus is a 1,800-byte
    /// frame re-labelled as compressed by a CRC-preserving mutation: 67,712 bytes against a bound of 90,368.
    /// </summary>
    public const int AllocationPerFrameByte = 32;

    public const int AllocationAllowance = 32 * 1024;

    // A hang guard, not a timing assertion: a healthy run of one file takes well under a second.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    [Theory]
    [MemberData(nameof(GoldenCorpus.ExpectedFileData), MemberType = typeof(GoldenCorpus))]
    public async Task MutatedFramesDecodeOrThrowProtocolExceptionWithinTheAllocationBound(string path)
    {
        var frame = GoldenCorpus.Get(path);
        var seed = StableSeed(path);
        FuzzResult result;
        try
        {
            result = await Task.Run(() => Fuzz(frame, seed, DecodeFully)).WaitAsync(HangGuard);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Decoding mutations of {path} (seed {seed}) did not finish: a decoder hangs.");
            throw;
        }

        output.WriteLine($"{path}: {result.Succeeded} decoded, {result.Rejected} rejected, max {result.MaxAllocated} bytes allocated for a {result.MaxAllocatedFrameSize}-byte frame");
        Assert.True(result.Failures.Count == 0, string.Join(Environment.NewLine, result.Failures));
        Assert.Equal(MutationsPerFile, result.Succeeded + result.Rejected);
        Assert.True(result.Rejected > 0, "No mutation was rejected: the mutator is not reaching the decoder.");
    }

    [Fact]
    public void TheUnmutatedCorpusDecodesWithinTheAllocationBound()
    {
        foreach (var frame in GoldenCorpus.All)
        {
            GoldenDecoder.DecodeFully(frame, frame.Bytes, MaxUncompressedBytes(frame.Bytes.Length));
            var before = GC.GetAllocatedBytesForCurrentThread();
            GoldenDecoder.DecodeFully(frame, frame.Bytes, MaxUncompressedBytes(frame.Bytes.Length));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.InRange(allocated, 0, AllocationBound(frame.Bytes.Length));
        }
    }

    [Fact]
    public void TheHarnessReportsForeignExceptionsAndOverAllocation()
    {
        var frame = GoldenCorpus.Get("kcat/Produce-v7-gzip.bin");

        // A decoder that indexes past a truncated frame instead of checking its length.
        var careless = Fuzz(frame, 1, (_, bytes) => bytes[frame.Bytes.Length - 1]);
        Assert.Contains(careless.Failures, failure => failure.Contains(nameof(IndexOutOfRangeException), StringComparison.Ordinal));

        // A decoder that trusts a length field and allocates what it says.
        var trusting = Fuzz(frame, 1, (_, bytes) => new byte[AllocationBound(bytes.Length) + 1].Length);
        Assert.Contains(trusting.Failures, failure => failure.Contains("allocated", StringComparison.Ordinal));

        var honest = Fuzz(frame, 1, DecodeFully);
        Assert.Empty(honest.Failures);
    }

    private static int DecodeFully(GoldenFrame frame, byte[] bytes) =>
        GoldenDecoder.DecodeFully(frame, bytes, MaxUncompressedBytes(bytes.Length));

    private static FuzzResult Fuzz(GoldenFrame frame, int seed, Func<GoldenFrame, byte[], int> decode)
    {
        var mutator = new FrameMutator(frame.Bytes, GoldenDecoder.BatchRegions(frame), seed);
        var result = new FuzzResult();

        // One-time costs (type initialisers, the array pool's per-thread buckets) are not per-frame allocations.
        DecodeFully(frame, frame.Bytes);
        for (var i = 0; i < MutationsPerFile; i++)
        {
            var mutated = mutator.Next();
            var bound = AllocationBound(mutated.Length);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                decode(frame, mutated);
                result.Succeeded++;
            }
            catch (ProtocolException)
            {
                result.Rejected++;
            }
            catch (Exception exception)
            {
                result.Rejected++;
                result.Fail($"mutation {i} (seed {seed}): {exception.GetType().Name}: {exception.Message} for {Convert.ToHexString(mutated)}");
                continue;
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > result.MaxAllocated)
            {
                result.MaxAllocated = allocated;
                result.MaxAllocatedFrameSize = mutated.Length;
            }

            if (allocated > bound)
            {
                result.Fail($"mutation {i} (seed {seed}): allocated {allocated} bytes for a {mutated.Length}-byte frame (bound {bound}) for {Convert.ToHexString(mutated)}");
            }
        }

        return result;
    }

    /// <summary>The decompression bound a broker would apply: generous for honest batches, fatal to bombs.</summary>
    private static int MaxUncompressedBytes(int frameSize) => (32 * frameSize) + 4096;

    private static long AllocationBound(int frameSize) => ((long)AllocationPerFrameByte * frameSize) + AllocationAllowance;

    /// <summary>string.GetHashCode is randomised per process; the seed must not be.</summary>
    private static int StableSeed(string path)
    {
        var hash = 17;
        foreach (var c in path)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private sealed class FuzzResult
    {
        public List<string> Failures { get; } = [];

        public int Succeeded { get; set; }

        public int Rejected { get; set; }

        public long MaxAllocated { get; set; }

        public int MaxAllocatedFrameSize { get; set; }

        public void Fail(string failure)
        {
            // Keep the report readable: the first few failures say enough to reproduce.
            if (Failures.Count < 5)
            {
                Failures.Add(failure);
            }
        }
    }
}
