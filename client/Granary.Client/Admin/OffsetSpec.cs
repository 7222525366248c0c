// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Which offset ListOffsetsAsync looks up: the earliest, the latest, the one with the largest timestamp, or the first at or after a time.</summary>
public abstract class OffsetSpec
{
    private protected OffsetSpec()
    {
    }

    /// <summary>The timestamp sent in Kafka's ListOffsets request (-2 earliest, -1 latest, -3 max timestamp, else ms since the epoch).</summary>
    internal abstract long Value { get; }

    public static OffsetSpec Earliest() => new EarliestSpec();

    public static OffsetSpec Latest() => new LatestSpec();

    public static OffsetSpec MaxTimestamp() => new MaxTimestampSpec();

    public static OffsetSpec ForTimestamp(long timestamp) => new TimestampSpec(timestamp);

    public class EarliestSpec : OffsetSpec
    {
        internal override long Value => -2;
    }

    public class LatestSpec : OffsetSpec
    {
        internal override long Value => -1;
    }

    public class MaxTimestampSpec : OffsetSpec
    {
        internal override long Value => -3;
    }

    public class TimestampSpec : OffsetSpec
    {
        public TimestampSpec(long timestamp) => Timestamp = timestamp;

        public long Timestamp { get; }

        internal override long Value => Timestamp;
    }
}
