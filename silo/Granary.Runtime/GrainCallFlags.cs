// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime;

/// <summary>How a call may share its activation with other turns (Orleans' [ReadOnly] and [AlwaysInterleave]).</summary>
[Flags]
public enum GrainCallFlags
{
    /// <summary>An exclusive turn: runs alone, after every turn queued before it.</summary>
    None = 0,

    /// <summary>The call does not change grain state: it may run concurrently with other read-only turns, never with an exclusive one.</summary>
    ReadOnly = 1,

    /// <summary>The call runs as soon as it arrives, concurrently with anything (e.g. a cancel or a status probe). Use sparingly.</summary>
    AlwaysInterleave = 2,
}
