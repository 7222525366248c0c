// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;

namespace Granary.Grains.ConsumerGroups;

/// <summary>
/// The group ids this silo has coordinated since it started (activations register here), so ListGroups can ask each
/// group grain for its state. Groups only present in <c>__consumer_offsets</c> are added by
/// <see cref="ConsumerGroupDiscovery"/>.
/// </summary>
public sealed class ConsumerGroupRegistry
{
    private readonly ConcurrentDictionary<string, byte> _groups = new(StringComparer.Ordinal);

    public void Add(string groupId) => _groups.TryAdd(groupId, 0);

    public IReadOnlyList<string> GroupIds => [.. _groups.Keys.Order(StringComparer.Ordinal)];
}
