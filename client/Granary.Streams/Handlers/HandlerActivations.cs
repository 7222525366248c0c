// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;

namespace Granary.Streams.Handlers;

/// <summary>
/// The live handler instances of one implicit subscription, one per stream key, each in its own DI scope. An instance
/// unused for the idle timeout (and not running) is collected: disposed with its scope, and created again on the next
/// record of its key.
/// </summary>
internal sealed class HandlerActivations
{
    private readonly IServiceProvider _services;
    private readonly Type _handlerType;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Activation> _active = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public HandlerActivations(IServiceProvider services, Type handlerType, TimeProvider time)
    {
        _services = services;
        _handlerType = handlerType;
        _time = time;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _active.Count;
            }
        }
    }

    /// <summary>Total instances created so far (activations and re-activations).</summary>
    public int Created { get; private set; }

    /// <summary>The instance for a key, marked in use until <see cref="ReleaseAsync"/>; a null key gets a one-off instance.</summary>
    public Activation Acquire(string? key)
    {
        lock (_lock)
        {
            if (key is null || !_active.TryGetValue(key, out var activation))
            {
                activation = Create(key);
                if (key is not null)
                {
                    _active.Add(key, activation);
                }
            }

            activation.InUse++;
            return activation;
        }
    }

    public ValueTask ReleaseAsync(Activation activation)
    {
        lock (_lock)
        {
            activation.InUse--;
            activation.LastUsed = _time.GetTimestamp();
            if (activation.Key is not null)
            {
                return ValueTask.CompletedTask;
            }
        }

        return activation.DisposeAsync();
    }

    /// <summary>Disposes instances idle for at least <paramref name="idleTimeout"/>; returns how many.</summary>
    public async Task<int> CollectIdleAsync(TimeSpan idleTimeout)
    {
        List<Activation> idle;
        lock (_lock)
        {
            idle = [.. _active.Values.Where(a => a.InUse == 0 && _time.GetElapsedTime(a.LastUsed) >= idleTimeout)];
            foreach (var activation in idle)
            {
                _active.Remove(activation.Key!);
            }
        }

        foreach (var activation in idle)
        {
            await activation.DisposeAsync().ConfigureAwait(false);
        }

        return idle.Count;
    }

    public async Task DisposeAllAsync()
    {
        List<Activation> all;
        lock (_lock)
        {
            all = [.. _active.Values];
            _active.Clear();
        }

        foreach (var activation in all)
        {
            await activation.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Activation Create(string? key)
    {
        var scope = _services.CreateAsyncScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, _handlerType);
        Created++;
        return new Activation(key, instance, scope) { LastUsed = _time.GetTimestamp() };
    }

    internal sealed class Activation(string? key, object instance, AsyncServiceScope scope) : IAsyncDisposable
    {
        public string? Key { get; } = key;

        public object Instance { get; } = instance;

        public int InUse { get; set; }

        public long LastUsed { get; set; }

        public async ValueTask DisposeAsync()
        {
            switch (Instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }

            await scope.DisposeAsync().ConfigureAwait(false);
        }
    }
}
