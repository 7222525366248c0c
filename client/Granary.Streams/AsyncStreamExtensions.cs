// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams;

/// <summary>Orleans' delegate-based SubscribeAsync overloads.</summary>
public static class AsyncStreamExtensions
{
    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(this IAsyncStream<T> stream, Func<T, StreamSequenceToken, Task> onNextAsync, StreamSequenceToken? token = null)
        => SubscribeCoreAsync(stream, onNextAsync, null, null, token);

    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(this IAsyncStream<T> stream, Func<T, StreamSequenceToken, Task> onNextAsync, Func<Exception, Task> onErrorAsync, StreamSequenceToken? token = null)
        => SubscribeCoreAsync(stream, onNextAsync, onErrorAsync, null, token);

    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(this IAsyncStream<T> stream, Func<T, StreamSequenceToken, Task> onNextAsync, Func<Task> onCompletedAsync, StreamSequenceToken? token = null)
        => SubscribeCoreAsync(stream, onNextAsync, null, onCompletedAsync, token);

    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(this IAsyncStream<T> stream, Func<T, StreamSequenceToken, Task> onNextAsync, Func<Exception, Task> onErrorAsync, Func<Task> onCompletedAsync, StreamSequenceToken? token = null)
        => SubscribeCoreAsync(stream, onNextAsync, onErrorAsync, onCompletedAsync, token);

    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(this IAsyncStream<T> stream, Func<T, StreamSequenceToken, Task> onNextAsync, StreamSubscribeOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onNextAsync);
        return stream.SubscribeAsync(new DelegateAsyncObserver<T>(onNextAsync, null, null), options);
    }

    public static Task<StreamSubscriptionHandle<T>> ResumeAsync<T>(this StreamSubscriptionHandle<T> handle, Func<T, StreamSequenceToken, Task> onNextAsync, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(onNextAsync);
        return handle.ResumeAsync(new DelegateAsyncObserver<T>(onNextAsync, null, null), token);
    }

    private static Task<StreamSubscriptionHandle<T>> SubscribeCoreAsync<T>(IAsyncStream<T> stream, Func<T, StreamSequenceToken, Task> onNext, Func<Exception, Task>? onError, Func<Task>? onCompleted, StreamSequenceToken? token)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onNext);
        return stream.SubscribeAsync(new DelegateAsyncObserver<T>(onNext, onError, onCompleted), token);
    }
}
