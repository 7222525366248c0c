// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Tests.Diagnostics;

/// <summary>
/// Tests that add ActivityListeners, or assert that none listens, run alone: a listener is process-wide and would
/// otherwise see (or start) spans of tests running in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ListenerFreeCollection
{
    public const string Name = "Granary ActivitySource listeners";
}
