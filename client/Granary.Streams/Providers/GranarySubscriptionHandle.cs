// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using Granary.Streams.Subscriptions;

namespace Granary.Streams.Providers;

/// <summary>A handle on a durable subscription; its identity is the consumer group, so it survives restarts.</summary>
internal sealed class GranarySubscriptionHandle<T> : StreamSubscriptionHandle<T>
{
    private readonly GranaryAsyncStream<T> _stream;
    private readonly SubscriptionSpec _spec;

    public GranarySubscriptionHandle(GranaryAsyncStream<T> stream, SubscriptionSpec spec)
    {
        _stream = stream;
        _spec = spec;
        HandleId = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(spec.GroupId)).AsSpan(0, 16));
    }

    public override StreamId StreamId => _stream.StreamId;

    public override string ProviderName => _stream.ProviderName;

    public override Guid HandleId { get; }

    public override string GroupId => _spec.GroupId;

    /// <summary>Stops delivery here, then deletes the consumer group (the subscription is gone in every process, its position forgotten).</summary>
    public override async Task UnsubscribeAsync()
    {
        await _stream.StopAsync(_spec.GroupId).ConfigureAwait(false);
        await SubscriptionDirectory.DeleteGroupAsync(_stream.Provider.Client, _spec.GroupId).ConfigureAwait(false);
    }

    public override async Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        await _stream.StopAsync(_spec.GroupId).ConfigureAwait(false);
        return await _stream.StartAsync(Options(token), _stream.ForObserver(observer), observer.OnErrorAsync).ConfigureAwait(false);
    }

    public override async Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncBatchObserver<T> observer, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        await _stream.StopAsync(_spec.GroupId).ConfigureAwait(false);
        return await _stream.StartAsync(Options(token), _stream.ForBatchObserver(observer), observer.OnErrorAsync).ConfigureAwait(false);
    }

    private StreamSubscribeOptions Options(StreamSequenceToken? token) =>
        new() { Name = _spec.Name, Token = token, StartPosition = _spec.StartPosition };
}
