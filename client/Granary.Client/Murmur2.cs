// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The Java client's murmur2 (seed 0x9747b28c), so keyed records land where Java producers put them.</summary>
internal static class Murmur2
{
    private const uint Seed = 0x9747b28c;
    private const uint M = 0x5bd1e995;
    private const int R = 24;

    public static int Hash(ReadOnlySpan<byte> data)
    {
        var length = data.Length;
        var h = Seed ^ (uint)length;
        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = (uint)(data[i * 4] | (data[(i * 4) + 1] << 8) | (data[(i * 4) + 2] << 16) | (data[(i * 4) + 3] << 24));
            k *= M;
            k ^= k >> R;
            k *= M;
            h *= M;
            h ^= k;
        }

        var tail = blocks * 4;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[tail];
                h *= M;
                break;
        }

        h ^= h >> 13;
        h *= M;
        h ^= h >> 15;
        return (int)h;
    }

    /// <summary>Java's Utils.toPositive(murmur2(key)) % partitions.</summary>
    public static int Partition(ReadOnlySpan<byte> key, int partitionCount) => (Hash(key) & 0x7fffffff) % partitionCount;
}
