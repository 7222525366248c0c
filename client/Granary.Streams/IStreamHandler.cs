// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams;

/// <summary>
/// A handler activated per stream key by the stream host (see <see cref="ImplicitStreamSubscriptionAttribute"/>). An
/// instance only ever sees its own key's records, one at a time, in order. If it implements IAsyncDisposable or
/// IDisposable it is disposed when collected as idle.
/// </summary>
public interface IStreamHandler<in T>
{
    Task OnNextAsync(T item, StreamEventContext context);
}
