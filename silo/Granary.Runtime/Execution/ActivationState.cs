// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Execution;

/// <summary>The life cycle of one activation.</summary>
internal enum ActivationState : byte
{
    /// <summary>The activation turn is queued or running; calls wait behind it.</summary>
    Activating,

    /// <summary>Turns run.</summary>
    Active,

    /// <summary>No new turns start; running turns finish, then the deactivation turn runs. Calls wait, then are forwarded.</summary>
    Deactivating,

    /// <summary>Removed from the table; nothing may be queued.</summary>
    Deactivated,
}
