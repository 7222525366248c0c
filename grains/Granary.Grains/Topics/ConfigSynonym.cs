// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Topics;

/// <summary>One value in a config's precedence chain (DescribeConfigs v1+ synonyms).</summary>
public sealed record ConfigSynonym(string Name, string? Value, ConfigSource Source);
