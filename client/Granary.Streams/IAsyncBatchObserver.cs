// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams;

/// <summary>Receives a stream's items in batches, each item with its token (Orleans' shape).</summary>
public interface IAsyncBatchObserver<T>
{
    Task OnNextAsync(IList<SequentialItem<T>> items);

    Task OnCompletedAsync();

    Task OnErrorAsync(Exception ex);
}
