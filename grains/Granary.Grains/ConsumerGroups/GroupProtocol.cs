// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>One protocol a member supports (for consumers: an assignor name and its subscription bytes).</summary>
public sealed record GroupProtocol(string Name, byte[] Metadata);
