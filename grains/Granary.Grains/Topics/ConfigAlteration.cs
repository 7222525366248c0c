// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Topics;

/// <summary>One incremental change to a topic config.</summary>
public sealed record ConfigAlteration(string Name, ConfigOperation Operation, string? Value);
