// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>What every client (producer, consumer, admin) has.</summary>
public interface IClient : IDisposable
{
    string Name { get; }
}
