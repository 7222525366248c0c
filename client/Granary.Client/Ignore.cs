// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A type for keys or values the consumer does not deserialize.</summary>
public sealed class Ignore
{
    private Ignore()
    {
    }
}
