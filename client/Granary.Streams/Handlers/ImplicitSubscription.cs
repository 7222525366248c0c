// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Streams.Delivery;
using Granary.Streams.Providers;
using Granary.Streams.Subscriptions;

namespace Granary.Streams.Handlers;

/// <summary>
/// One handler class subscribed to a whole namespace: a consumer group per handler class, records routed by key to that
/// key's handler instance. The delivery engine runs one record per key at a time, so an instance never sees two calls
/// at once and sees its key's records in order.
/// </summary>
internal sealed class ImplicitSubscription<T> : IImplicitSubscription
{
    private readonly GranaryStreamProvider _provider;
    private readonly StreamHandlerRegistration _registration;
    private readonly HandlerActivations _activations;
    private ITimer? _collector;
    private string? _group;

    public ImplicitSubscription(GranaryStreamProvider provider, StreamHandlerRegistration registration, IServiceProvider services)
    {
        _provider = provider;
        _registration = registration;
        _activations = new HandlerActivations(services, registration.HandlerType, provider.Time);
    }

    public HandlerActivations Activations => _activations;

    public string Group => _group ?? throw new InvalidOperationException("Not started.");

    public async Task StartAsync()
    {
        var spec = new SubscriptionSpec(
            _registration.Namespace,
            null,
            _provider.GroupFor(_registration.Namespace, "handler." + _registration.HandlerType.FullName),
            null,
            null,
            _provider.Options.DefaultStartPosition,
            _registration.HandlerType.FullName!);
        _group = spec.GroupId;
        var idle = _provider.Options.HandlerIdleTimeout;
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, idle.Ticks / 4));
        _collector = _provider.Time.CreateTimer(_ => _ = _activations.CollectIdleAsync(idle), null, period, period);
        await _provider.StartAsync(spec, HandleAsync, null).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_collector is not null)
        {
            await _collector.DisposeAsync().ConfigureAwait(false);
        }

        if (_group is not null)
        {
            await _provider.StopAsync(_group).ConfigureAwait(false);
        }

        await _activations.DisposeAllAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(StreamRecord record, int attempt, CancellationToken cancellationToken)
    {
        var key = record.Key is null ? null : Encoding.UTF8.GetString(record.Key);
        var item = _provider.Serializer.Deserialize<T>(record.Value);
        var activation = _activations.Acquire(key);
        try
        {
            var context = new StreamEventContext(StreamId.Create(record.Topic, key ?? string.Empty), record.Token, record.Timestamp, record.Headers, attempt, cancellationToken);
            await ((IStreamHandler<T>)activation.Instance).OnNextAsync(item, context).ConfigureAwait(false);
        }
        finally
        {
            await _activations.ReleaseAsync(activation).ConfigureAwait(false);
        }
    }
}
