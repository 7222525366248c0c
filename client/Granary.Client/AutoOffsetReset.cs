// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The auto.offset.reset setting.</summary>
public enum AutoOffsetReset
{
    Latest,
    Earliest,
    Error,
}
