// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Configuration;

/// <summary>The value type of a configuration property.</summary>
internal enum ConfigPropertyKind
{
    String,
    Integer,
    Double,
    Boolean,
    Choice,
}
