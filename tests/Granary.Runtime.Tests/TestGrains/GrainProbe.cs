// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;

namespace Granary.Runtime.Tests.TestGrains;

/// <summary>Shared observation point for test grains (one per test's service provider).</summary>
public sealed class GrainProbe
{
    private int _constructed;
    private int _activated;
    private int _ticks;

    public int Constructed => Volatile.Read(ref _constructed);

    public int Activated => Volatile.Read(ref _activated);

    public int Ticks => Volatile.Read(ref _ticks);

    public ConcurrentQueue<(GrainId GrainId, DeactivationReason Reason)> Deactivations { get; } = new();

    public SemaphoreSlim DeactivatedSignal { get; } = new(0);

    public SemaphoreSlim TickSignal { get; } = new(0);

    /// <summary>When set, OnActivateAsync waits for it.</summary>
    public Task? ActivationGate { get; set; }

    /// <summary>When true, OnActivateAsync throws.</summary>
    public bool FailActivation { get; set; }

    public int NextInstance() => Interlocked.Increment(ref _constructed);

    public void OnTick()
    {
        Interlocked.Increment(ref _ticks);
        TickSignal.Release();
    }

    public void OnActivated() => Interlocked.Increment(ref _activated);

    public void OnDeactivated(GrainId grainId, DeactivationReason reason)
    {
        Deactivations.Enqueue((grainId, reason));
        DeactivatedSignal.Release();
    }
}
