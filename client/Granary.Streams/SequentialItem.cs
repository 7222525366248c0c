// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams;

/// <summary>An item of a batch delivery together with its position.</summary>
public sealed class SequentialItem<T>(T item, StreamSequenceToken token)
{
    public T Item { get; } = item;

    public StreamSequenceToken Token { get; } = token;
}
