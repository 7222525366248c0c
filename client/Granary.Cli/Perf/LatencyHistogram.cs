// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Numerics;

namespace Granary.Cli.Perf;

/// <summary>
/// A bounded log-linear histogram of latencies in microseconds (HdrHistogram's layout with 128 sub-buckets per
/// power of two): values below 256 µs are exact, larger ones are kept within 1/128 (0.8 %), in a fixed ~58 KB
/// however many records are measured. Count, sum and max are exact.
/// </summary>
public sealed class LatencyHistogram
{
    private const int LinearLimit = 256;
    private const int SubBuckets = 128;
    private const int SubBucketBits = 7;

    private readonly long[] _counts = new long[LinearLimit + (64 - 8) * SubBuckets];

    public long Count { get; private set; }

    public long SumMicros { get; private set; }

    public long MaxMicros { get; private set; }

    public double MeanMicros => Count == 0 ? 0 : (double)SumMicros / Count;

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        _counts[IndexOf(micros)]++;
        Count++;
        SumMicros += micros;
        if (micros > MaxMicros)
        {
            MaxMicros = micros;
        }
    }

    /// <summary>
    /// The value at or below which <paramref name="percentile"/> % of the recorded values lie: the highest value
    /// equivalent to its bucket (as HdrHistogram reports), never more than the exact maximum.
    /// </summary>
    public long PercentileMicros(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestValueAt(i), MaxMicros);
            }
        }

        return MaxMicros;
    }

    internal static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        var msb = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = msb - SubBucketBits;
        var sub = (int)(value >> shift) - SubBuckets;
        return LinearLimit + ((shift - 1) * SubBuckets) + sub;
    }

    internal static long HighestValueAt(int index) =>
        index < LinearLimit ? index : LowestValueAt(index) + (1L << (((index - LinearLimit) / SubBuckets) + 1)) - 1;

    internal static long LowestValueAt(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var shift = ((index - LinearLimit) / SubBuckets) + 1;
        var sub = ((index - LinearLimit) % SubBuckets) + SubBuckets;
        return (long)sub << shift;
    }
}
