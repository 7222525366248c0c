// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Tests.ConsumerGroups;

/// <summary>A clock that moves only when a test advances it.</summary>
internal sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
