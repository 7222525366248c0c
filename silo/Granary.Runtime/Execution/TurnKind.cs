// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Execution;

/// <summary>How a turn shares its activation.</summary>
internal enum TurnKind : byte
{
    /// <summary>Runs alone.</summary>
    Exclusive,

    /// <summary>Runs alongside other read-only turns.</summary>
    ReadOnly,

    /// <summary>Runs alongside anything.</summary>
    Interleave,
}
