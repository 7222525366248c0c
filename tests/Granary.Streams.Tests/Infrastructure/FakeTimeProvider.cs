// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Tests.Infrastructure;

/// <summary>A clock that only moves when told to (timestamps only; timers are not needed by the tests using it).</summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private long _ticks = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
