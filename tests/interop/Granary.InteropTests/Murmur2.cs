// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.InteropTests;

/// <summary>Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2) and the Java default partitioner's choice.</summary>
public static class Murmur2
{
    public static int Hash(ReadOnlySpan<byte> data)
    {
        const uint seed = 0x9747b28c;
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = seed ^ (uint)length;
        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = data[i * 4] | ((uint)data[(i * 4) + 1] << 8) | ((uint)data[(i * 4) + 2] << 16) | ((uint)data[(i * 4) + 3] << 24);
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        var tail = length & ~3;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                h ^= (uint)data[tail + 1] << 8;
                h ^= data[tail];
                h *= m;
                break;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                h ^= data[tail];
                h *= m;
                break;
            case 1:
                h ^= data[tail];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return unchecked((int)h);
    }

    /// <summary>The partition Java's default partitioner picks for a keyed record: toPositive(murmur2(key)) % partitions.</summary>
    public static int Partition(ReadOnlySpan<byte> key, int partitions) => (Hash(key) & 0x7fffffff) % partitions;
}
