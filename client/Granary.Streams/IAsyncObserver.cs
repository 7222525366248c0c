// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams;

/// <summary>Receives a stream's items one at a time (Orleans' shape).</summary>
public interface IAsyncObserver<in T>
{
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    Task OnCompletedAsync();

    Task OnErrorAsync(Exception ex);
}
