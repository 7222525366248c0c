// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The type of a key or value that is always null.</summary>
public sealed class Null
{
    private Null()
    {
    }
}
