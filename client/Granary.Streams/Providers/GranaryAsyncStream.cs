// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;
using Granary.Client.Diagnostics;
using Granary.Streams.Delivery;
using Granary.Streams.Subscriptions;

namespace Granary.Streams.Providers;

/// <summary>One stream of a <see cref="GranaryStreamProvider"/>: topic = namespace, record key = stream key.</summary>
internal sealed class GranaryAsyncStream<T> : IAsyncStream<T>
{
    private const string DefaultSubscription = "default";

    private readonly GranaryStreamProvider _provider;
    private readonly byte[] _key;

    public GranaryAsyncStream(GranaryStreamProvider provider, StreamId streamId)
    {
        _provider = provider;
        StreamId = streamId;
        _key = streamId.GetKeyBytes();
    }

    public StreamId StreamId { get; }

    public string ProviderName => _provider.Name;

    public bool IsRewindable => true;

    // The client's producer starts the "send" span and writes traceparent into each record, so streams add none of their own.
    public async Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        var value = _provider.Serializer.Serialize(item);
        var start = _provider.Time.GetTimestamp();
        try
        {
            await _provider.Client.Producer.ProduceAsync(StreamId.Namespace, new Message<byte[], byte[]> { Key = _key, Value = value }).ConfigureAwait(false);
            RecordSend(start, 1, null);
        }
        catch (Exception ex)
        {
            RecordSend(start, 1, ex);
            throw;
        }
    }

    public async Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var values = batch.Select(_provider.Serializer.Serialize).ToList();
        var start = _provider.Time.GetTimestamp();

        // A batch gets one "send" span carrying messaging.batch.message_count, as the semantic conventions describe
        // batch sends; it is the current activity while the records are handed over, so the producer's per-record
        // send spans (whose traceparent the consumers link to) are its children.
        using var batchActivity = values.Count > 1 ? MessagingActivities.StartSend(StreamId.Namespace, _key, values.Count) : null;
        try
        {
            // Produced in order on one key, so they land in order on one partition; all are acknowledged before this completes.
            var sends = new List<Task<DeliveryResult<byte[], byte[]>>>(values.Count);
            foreach (var value in values)
            {
                sends.Add(_provider.Client.Producer.ProduceAsync(StreamId.Namespace, new Message<byte[], byte[]> { Key = _key, Value = value }));
            }

            await Task.WhenAll(sends).ConfigureAwait(false);
            RecordSend(start, values.Count, null);
        }
        catch (Exception ex)
        {
            MessagingActivities.SetError(batchActivity, ex);
            RecordSend(start, values.Count, ex);
            throw;
        }
    }

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null) =>
        SubscribeAsync(observer, new StreamSubscribeOptions { Token = token, StartPosition = _provider.Options.DefaultStartPosition });

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSubscriptionStartPosition startPosition) =>
        SubscribeAsync(observer, new StreamSubscribeOptions { StartPosition = startPosition });

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncBatchObserver<T> observer, StreamSequenceToken? token = null) =>
        SubscribeAsync(observer, new StreamSubscribeOptions { Token = token, StartPosition = _provider.Options.DefaultStartPosition });

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSubscribeOptions options)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(options);
        return StartAsync(options, ForObserver(observer), observer.OnErrorAsync);
    }

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncBatchObserver<T> observer, StreamSubscribeOptions options)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(options);
        return StartAsync(options, ForBatchObserver(observer), observer.OnErrorAsync);
    }

    /// <summary>Every subscription of this stream in the cluster: this process's, and consumer groups named for it elsewhere.</summary>
    public Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles() => FindSubscriptionHandlesAsync();

    internal GranaryStreamProvider Provider => _provider;

    public bool Equals(IAsyncStream<T>? other) => other is not null && other.StreamId == StreamId && other.ProviderName == ProviderName;

    public override bool Equals(object? obj) => Equals(obj as IAsyncStream<T>);

    public override int GetHashCode() => HashCode.Combine(StreamId, ProviderName);

    public int CompareTo(IAsyncStream<T>? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byProvider = string.CompareOrdinal(ProviderName, other.ProviderName);
        return byProvider != 0 ? byProvider : StreamId.CompareTo(other.StreamId);
    }

    internal async Task<StreamSubscriptionHandle<T>> StartAsync(StreamSubscribeOptions options, Func<StreamRecord, int, CancellationToken, Task> handler, Func<Exception, Task>? onError)
    {
        var name = options.Name ?? DefaultSubscription;
        var spec = new SubscriptionSpec(StreamId.Namespace, _key, _provider.GroupFor(StreamId.Namespace, StreamId.Key + "." + name), options.Token, options.FromTime, options.StartPosition, name);
        await _provider.StartAsync(spec, handler, onError).ConfigureAwait(false);
        return new GranarySubscriptionHandle<T>(this, spec);
    }

    internal Task StopAsync(string group) => _provider.StopAsync(group);

    private async Task<IList<StreamSubscriptionHandle<T>>> FindSubscriptionHandlesAsync()
    {
        var handles = new SortedDictionary<string, StreamSubscriptionHandle<T>>(StringComparer.Ordinal);
        foreach (var runner in _provider.RunnersOf(StreamId))
        {
            handles[runner.Spec.GroupId] = new GranarySubscriptionHandle<T>(this, runner.Spec);
        }

        // Group = GroupFor(ns, key + "." + name): the subscription name is what follows this prefix.
        var prefix = _provider.GroupFor(StreamId.Namespace, StreamId.Key + ".");
        foreach (var group in await SubscriptionDirectory.FindGroupsAsync(_provider.Client, StreamId.Namespace, prefix).ConfigureAwait(false))
        {
            if (!handles.ContainsKey(group))
            {
                var spec = new SubscriptionSpec(StreamId.Namespace, _key, group, null, null, StreamSubscriptionStartPosition.Earliest, group[prefix.Length..]);
                handles[group] = new GranarySubscriptionHandle<T>(this, spec);
            }
        }

        return [.. handles.Values];
    }

    internal Func<StreamRecord, int, CancellationToken, Task> ForObserver(IAsyncObserver<T> observer)
    {
        var serializer = _provider.Serializer;
        return (record, _, _) => observer.OnNextAsync(serializer.Deserialize<T>(record.Value), record.Token);
    }

    internal Func<StreamRecord, int, CancellationToken, Task> ForBatchObserver(IAsyncBatchObserver<T> observer)
    {
        var serializer = _provider.Serializer;
        return (record, _, _) => observer.OnNextAsync([new SequentialItem<T>(serializer.Deserialize<T>(record.Value), record.Token)]);
    }

    private void RecordSend(long start, int count, Exception? failure)
    {
        var tags = MessagingMetrics.DestinationTags(StreamId.Namespace, errorType: failure?.GetType().FullName);
        tags.Add(MessagingAttributes.OperationName, "send");
        MessagingMetrics.SentMessages.Add(count, tags);
        MessagingMetrics.OperationDuration.Record(_provider.Time.GetElapsedTime(start).TotalSeconds, tags);
    }
}
