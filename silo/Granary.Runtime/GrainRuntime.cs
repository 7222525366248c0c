// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Granary.Runtime.Diagnostics;
using Granary.Runtime.Execution;
using Granary.Runtime.Hosting;
using Granary.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Granary.Runtime;

/// <summary>
/// The in-process grain runtime: the activation table (at most one activation per grain), idle collection and
/// shutdown. Resolve it (or <see cref="IGrainFactory"/>) from DI after <c>AddGrainRuntime()</c>.
/// </summary>
public sealed class GrainRuntime : IGrainFactory, IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly FrozenDictionary<Type, GrainTypeRegistration> _byInterface;
    private readonly FrozenDictionary<Type, ObjectFactory> _factories;
    private readonly GrainRuntimeOptions _options;
    private readonly IGrainPlacement _placement;
    private readonly ITimer _collectionTimer;
    private readonly Lock _stopGate = new();
    private int _stopping;
    private Task? _stopped;

    internal GrainRuntime(
        IServiceProvider services,
        IEnumerable<GrainTypeRegistration> registrations,
        GrainRuntimeOptions options,
        GrainCollectionOptions collectionOptions,
        IGrainPlacement placement,
        TimeProvider timeProvider,
        ILogger<GrainRuntime> logger,
        IMeterFactory? meterFactory)
    {
        Services = services;
        _options = options;
        CollectionOptions = collectionOptions;
        _placement = placement;
        TimeProvider = timeProvider;
        Logger = logger;

        var byInterface = new Dictionary<Type, GrainTypeRegistration>();
        var factories = new Dictionary<Type, ObjectFactory>();
        foreach (var registration in registrations)
        {
            if (byInterface.TryGetValue(registration.InterfaceType, out var existing) && existing != registration)
            {
                throw new InvalidOperationException(
                    $"Grain interface {registration.InterfaceType} is registered twice ({existing.ImplementationType} and {registration.ImplementationType}).");
            }

            byInterface[registration.InterfaceType] = registration;
            factories.TryAdd(registration.ImplementationType, CreateFactory(registration.ImplementationType));
        }

        _byInterface = byInterface.ToFrozenDictionary();
        _factories = factories.ToFrozenDictionary();
        Metrics = new GrainRuntimeMetrics(meterFactory, () => _activations.Count, SumQueueLengths);
        _collectionTimer = timeProvider.CreateTimer(
            static state => ((GrainRuntime)state!).CollectIdleActivations(),
            this,
            collectionOptions.CollectionQuantum,
            collectionOptions.CollectionQuantum);
    }

    /// <summary>Activations currently in the table (activating, active or deactivating).</summary>
    public int ActivationCount => _activations.Count;

    /// <summary>True once <see cref="StopAsync"/> has begun; new calls then fail with <see cref="GrainRuntimeStoppedException"/>.</summary>
    public bool IsStopping => Volatile.Read(ref _stopping) != 0;

    internal IServiceProvider Services { get; }

    internal GrainCollectionOptions CollectionOptions { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal GrainRuntimeMetrics Metrics { get; }

    /// <inheritdoc />
    public GrainReference<TGrainInterface> GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        if (!_byInterface.TryGetValue(typeof(TGrainInterface), out var registration))
        {
            throw new InvalidOperationException(
                $"No grain class is registered for {typeof(TGrainInterface)}; call services.AddGrain<{typeof(TGrainInterface).Name}, TImplementation>().");
        }

        return new GrainReference<TGrainInterface>(this, registration, new GrainId(registration.GrainTypeName, key));
    }

    /// <summary>
    /// Rejects new calls, then deactivates every activation in parallel (each runs <see cref="Grain.OnDeactivateAsync"/>
    /// after its running turns), waiting at most <see cref="GrainRuntimeOptions.ShutdownTimeout"/>. Calls still queued
    /// fail with <see cref="GrainRuntimeStoppedException"/>. Idempotent.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_stopGate)
        {
            return _stopped ??= StopCoreAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Metrics.Dispose();
    }

    /// <summary>Stops collection and rejects new calls without waiting for deactivation; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _stopping, 1);
        _collectionTimer.Dispose();
        Metrics.Dispose();
    }

    /// <summary>Queues <paramref name="turn"/> on the grain's activation, creating it if needed; returns the activation used.</summary>
    internal GrainActivation? Dispatch(GrainTypeRegistration registration, GrainId grainId, Turn turn)
    {
        while (true)
        {
            if (IsStopping)
            {
                turn.Fail(new GrainRuntimeStoppedException(grainId));
                return null;
            }

            GrainActivation activation;
            try
            {
                activation = GetOrCreateActivation(registration, grainId);
            }
            catch (Exception exception)
            {
                // Placement is pluggable: whatever it throws belongs to this call, not to the thread forwarding it.
                turn.Fail(exception);
                return null;
            }

            // False only if the activation left the table after we found it; the next lookup will not find it again.
            if (activation.Enqueue(turn))
            {
                return activation;
            }
        }
    }

    /// <summary>Hands a turn that waited on a retired activation to the next one (or fails it during shutdown).</summary>
    internal void Forward(GrainTypeRegistration registration, GrainId grainId, Turn turn) => Dispatch(registration, grainId, turn);

    internal void RemoveActivation(GrainActivation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.GrainId, activation));

    internal void OnDeactivated(GrainActivation activation, DeactivationReason reason)
    {
        if (reason.ReasonCode == DeactivationReasonCode.ActivationIdle)
        {
            Metrics.ActivationCollected();
        }

        Logger.Deactivated(activation.GrainId, reason);
    }

    internal Grain CreateGrainInstance(GrainTypeRegistration registration, IServiceProvider services, IGrainContext context) =>
        (Grain)_factories[registration.ImplementationType](services, [context]);

    private static ObjectFactory CreateFactory(Type implementationType)
    {
        // A constructor may ask for its IGrainContext; ActivatorUtilities supplies it as an explicit argument.
        var wantsContext = implementationType.GetConstructors()
            .Any(static c => c.GetParameters().Any(static p => p.ParameterType == typeof(IGrainContext)));
        if (wantsContext)
        {
            return ActivatorUtilities.CreateFactory(implementationType, [typeof(IGrainContext)]);
        }

        var factory = ActivatorUtilities.CreateFactory(implementationType, Type.EmptyTypes);
        return (services, _) => factory(services, null);
    }

    private GrainActivation GetOrCreateActivation(GrainTypeRegistration registration, GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (!_placement.IsLocal(grainId))
        {
            throw new GrainPlacementException(grainId);
        }

        var candidate = new GrainActivation(this, registration, grainId);
        while (true)
        {
            if (_activations.TryAdd(grainId, candidate))
            {
                Metrics.ActivationCreated();
                Logger.Activating(grainId);
                candidate.Activate();
                if (IsStopping)
                {
                    // Lost a race with StopAsync, which may already have swept the table: retire it ourselves.
                    _ = candidate.DeactivateAsync(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The runtime is stopping."));
                }

                return candidate;
            }

            if (_activations.TryGetValue(grainId, out existing))
            {
                return existing;
            }
        }
    }

    private void CollectIdleActivations()
    {
        if (IsStopping)
        {
            return;
        }

        var now = TimeProvider.GetTimestamp();
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.TryStartIdleCollection(now, CollectionOptions.CollectionAge))
            {
                collected++;
            }
        }

        if (collected > 0)
        {
            Logger.CollectingIdle(collected);
        }
    }

    private long SumQueueLengths()
    {
        long total = 0;
        foreach (var activation in _activations.Values)
        {
            total += activation.QueueLength;
        }

        return total;
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        // A full fence: a caller that inserts an activation after this either sees the flag or is seen by the sweep.
        Interlocked.Exchange(ref _stopping, 1);
        _collectionTimer.Dispose();
        Logger.Stopping(_activations.Count);
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The runtime is stopping.");
        try
        {
            while (!_activations.IsEmpty)
            {
                var deactivations = _activations.Values.Select(a => a.DeactivateAsync(reason)).ToArray();
                await Task.WhenAll(deactivations).WaitAsync(_options.ShutdownTimeout, TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            Logger.Stopped();
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            Logger.StopTimedOut(_options.ShutdownTimeout, _activations.Count);
        }
    }
}
