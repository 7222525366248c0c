// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Handlers;

/// <summary>The non-generic face of <see cref="ImplicitSubscription{T}"/>.</summary>
internal interface IImplicitSubscription : IAsyncDisposable
{
    HandlerActivations Activations { get; }

    string Group { get; }

    Task StartAsync();
}
