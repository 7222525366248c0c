// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Producing;

/// <summary>
/// One reading of the wall clock paired with the monotonic timestamp it was taken at, so that wall-clock times of
/// timestamps within the next second can be derived without another clock read. Immutable: threads share it.
/// </summary>
internal sealed class WallClock(long timestamp, DateTimeOffset utcNow, long frequency)
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    private readonly long _timestamp = timestamp;
    private readonly long _unixTicks = utcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
    private readonly long _frequency = frequency;

    /// <summary>Whether <paramref name="timestamp"/> is within a second after this reading (later ones read the clock again).</summary>
    public bool Covers(long timestamp) => timestamp >= _timestamp && timestamp - _timestamp < _frequency;

    public long UnixTimeMilliseconds(long timestamp)
    {
        // Less than a second's worth of timestamp units times 10^7 fits a long for any frequency up to 10^11 Hz.
        var elapsedTicks = (timestamp - _timestamp) * TicksPerSecond / _frequency;
        return (_unixTicks + elapsedTicks) / TimeSpan.TicksPerMillisecond;
    }
}
