// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Consuming;

internal enum RebalanceKind
{
    /// <summary>Eager: the whole assignment is replaced.</summary>
    Assign,

    /// <summary>Cooperative: partitions are added to the assignment.</summary>
    IncrementalAssign,

    /// <summary>Partitions are taken away while their offsets can still be committed.</summary>
    Revoke,

    /// <summary>Partitions are gone already (session lost, max.poll.interval.ms passed, fenced): no commit.</summary>
    Lost,
}
