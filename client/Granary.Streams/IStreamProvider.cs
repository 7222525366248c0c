// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams;

/// <summary>A named stream provider (Orleans' shape); Granary's streams are always rewindable because they read the log.</summary>
public interface IStreamProvider
{
    string Name { get; }

    bool IsRewindable { get; }

    IAsyncStream<T> GetStream<T>(StreamId streamId);
}
