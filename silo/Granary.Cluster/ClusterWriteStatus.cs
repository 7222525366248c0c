// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>Outcome of a compare-and-set write to the cluster table.</summary>
public enum ClusterWriteStatus
{
    /// <summary>The write was applied.</summary>
    Success = 0,

    /// <summary>An expected version did not match: someone else wrote first. Re-read and retry.</summary>
    VersionConflict = 1,

    /// <summary>The row to update does not exist.</summary>
    NotFound = 2,

    /// <summary>The row to create already exists (for topics: TOPIC_ALREADY_EXISTS).</summary>
    AlreadyExists = 3,

    /// <summary>The write was rejected because the request is invalid (for example a stale generation).</summary>
    Rejected = 4,
}
