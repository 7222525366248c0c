// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics.CodeAnalysis;

namespace Granary.Streams;

/// <summary>
/// A stream (Orleans' shape): publish with OnNextAsync/OnNextBatchAsync, which complete once the records are
/// acknowledged by the log; subscribe durably (a subscription is a consumer group named from the subscription).
/// </summary>
public interface IAsyncStream<T> : IEquatable<IAsyncStream<T>>, IComparable<IAsyncStream<T>>
{
    StreamId StreamId { get; }

    string ProviderName { get; }

    bool IsRewindable { get; }

    /// <summary>Appends the item; the token argument is accepted for Orleans compatibility and ignored (the log assigns positions).</summary>
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null);

    /// <summary>Subscribes from the committed position, or from <paramref name="token"/> when given.</summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null);

    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSubscriptionStartPosition startPosition);

    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncBatchObserver<T> observer, StreamSequenceToken? token = null);

    /// <summary>The full form: a subscription name (the durable identity), and where to start.</summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSubscribeOptions options);

    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncBatchObserver<T> observer, StreamSubscribeOptions options);

    /// <summary>Every subscription of this stream in the cluster: this process's, and consumer groups named for it by other processes.</summary>
    [SuppressMessage("Usage", "VSTHRD200:Use \"Async\" suffix for async methods", Justification = "Orleans' name for this member.")]
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();
}
