// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Tests.Messages;
using Xunit;
using Xunit.Abstractions;

namespace Granary.Protocol.Tests.Malformed;

public sealed class MutationFuzzTests
{
    private const int Mutations = 20_000;

    // Decoding builds objects and lists for what the bytes declare; every count is bounded by the remaining bytes
    // over the element's minimum size, so allocation grows with the frame, never with the declared numbers.
    private const int AllocationFactor = 32;
    private const int AllocationSlack = 8 * 1024;

    private readonly ITestOutputHelper _output;

    public MutationFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void MutatedEncodingsDecodeOrThrowProtocolExceptionWithBoundedAllocation()
    {
        var random = new Random(20_241_121);
        var factory = new RandomMessageFactory(7);
        var corpus = RandomMessageFactory.AllMessageVersions()
            .Select(m => (m.Type, m.Version, Bytes: MessageAssert.Encode(factory.Create(m.Type, m.Version), m.Version)))
            .ToList();

        int accepted = 0, rejected = 0;
        double worstRatio = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var (type, version, original) = corpus[random.Next(corpus.Count)];
            var mutated = Mutate(original, random);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                Decode.Message(type, mutated, version);
                accepted++;
            }
            catch (ProtocolException)
            {
                rejected++;
            }
            catch (Exception other)
            {
                Assert.Fail($"mutation {i} of {type.Name} v{version} threw {other.GetType().Name}: {other.Message}");
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (mutated.Length >= 256)
            {
                worstRatio = Math.Max(worstRatio, (double)allocated / mutated.Length);
            }

            Assert.True(
                allocated <= ((long)mutated.Length * AllocationFactor) + AllocationSlack,
                $"mutation {i} of {type.Name} v{version}: {allocated} bytes allocated for a {mutated.Length}-byte input");
        }

        _output.WriteLine($"{accepted} accepted, {rejected} rejected, worst allocation for inputs of 256+ bytes: {worstRatio:F1} bytes per input byte");
        Assert.Equal(Mutations, accepted + rejected);
        Assert.True(rejected > Mutations / 10, $"only {rejected} of {Mutations} mutations were rejected");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var position = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[position] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.Insert(position, (byte)random.Next(256));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveAt(position);
                    break;
                case 4 when bytes.Count > 0:
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
                case 5:
                    // A length or count field turned huge or negative.
                    byte[] extreme = random.Next(3) switch { 0 => [0x7F, 0xFF, 0xFF, 0xFF], 1 => [0xFF, 0xFF, 0xFF, 0xFE], _ => [0xFF, 0xFF, 0xFF, 0xFF, 0x0F] };
                    for (var k = 0; k < extreme.Length && position + k < bytes.Count; k++)
                    {
                        bytes[position + k] = extreme[k];
                    }

                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        bytes[position] = random.Next(2) == 0 ? (byte)0 : (byte)0xFF;
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
