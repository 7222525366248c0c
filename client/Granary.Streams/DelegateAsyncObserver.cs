// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams;

/// <summary>An observer made of delegates, for the SubscribeAsync(onNext, onError, onCompleted) overloads.</summary>
internal sealed class DelegateAsyncObserver<T>(Func<T, StreamSequenceToken, Task> onNext, Func<Exception, Task>? onError, Func<Task>? onCompleted) : IAsyncObserver<T>
{
    public Task OnNextAsync(T item, StreamSequenceToken? token = null) => onNext(item, token!);

    public Task OnErrorAsync(Exception ex) => onError?.Invoke(ex) ?? Task.CompletedTask;

    public Task OnCompletedAsync() => onCompleted?.Invoke() ?? Task.CompletedTask;
}
