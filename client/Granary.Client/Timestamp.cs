// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A message timestamp: milliseconds since the Unix epoch (UTC) plus its type.</summary>
public readonly struct Timestamp : IEquatable<Timestamp>
{
    private const long RdKafkaNoTimestampValue = 0;

    public static readonly DateTime UnixTimeEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static Timestamp Default => new(RdKafkaNoTimestampValue, TimestampType.NotAvailable);

    public Timestamp(long unixTimestampMs, TimestampType type)
    {
        Type = type;
        UnixTimestampMs = unixTimestampMs;
    }

    /// <summary>A DateTime of Kind Unspecified is treated as UTC, as Confluent does; Local is converted.</summary>
    public Timestamp(DateTime dateTime, TimestampType type)
        : this(DateTimeToUnixTimestampMs(dateTime), type)
    {
    }

    public Timestamp(DateTime dateTime)
        : this(dateTime, TimestampType.CreateTime)
    {
    }

    public Timestamp(DateTimeOffset dateTimeOffset)
        : this(DateTimeToUnixTimestampMs(dateTimeOffset.UtcDateTime), TimestampType.CreateTime)
    {
    }

    public TimestampType Type { get; }

    public long UnixTimestampMs { get; }

    public DateTime UtcDateTime => UnixTimestampMsToDateTime(UnixTimestampMs);

    public static long DateTimeToUnixTimestampMs(DateTime dateTime)
    {
        var utc = dateTime.Kind == DateTimeKind.Local ? dateTime.ToUniversalTime() : dateTime;
        return (utc.Ticks - UnixTimeEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
    }

    public static DateTime UnixTimestampMsToDateTime(long unixMillisecondsTimestamp) =>
        UnixTimeEpoch + TimeSpan.FromMilliseconds(unixMillisecondsTimestamp);

    public override bool Equals(object? obj) => obj is Timestamp other && Equals(other);

    public bool Equals(Timestamp other) => UnixTimestampMs == other.UnixTimestampMs && Type == other.Type;

    public override int GetHashCode() => HashCode.Combine(Type, UnixTimestampMs);

    public static bool operator ==(Timestamp a, Timestamp b) => a.Equals(b);

    public static bool operator !=(Timestamp a, Timestamp b) => !a.Equals(b);
}
