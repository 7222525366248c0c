// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams.Providers;

namespace Granary.Streams.Handlers;

/// <summary>Starts and stops the implicit subscriptions of a set of handler registrations on one provider.</summary>
public sealed class StreamHandlerHost : IAsyncDisposable
{
    private readonly List<IImplicitSubscription> _subscriptions = [];

    public StreamHandlerHost(GranaryStreamProvider provider, IEnumerable<StreamHandlerRegistration> registrations, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(services);
        foreach (var registration in registrations.Where(r => r.Provider is null || r.Provider == provider.Name))
        {
            var type = typeof(ImplicitSubscription<>).MakeGenericType(registration.ItemType);
            _subscriptions.Add((IImplicitSubscription)Activator.CreateInstance(type, provider, registration, services)!);
        }
    }

    /// <summary>The consumer groups of the hosted handlers.</summary>
    public IReadOnlyList<string> Groups => [.. _subscriptions.Select(s => s.Group)];

    /// <summary>Live handler instances across all handler classes.</summary>
    public int ActiveHandlers => _subscriptions.Sum(s => s.Activations.Count);

    public async Task StartAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.StartAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }
}
