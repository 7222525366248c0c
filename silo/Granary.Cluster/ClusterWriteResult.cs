// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>Result of a compare-and-set write: the status and, on success, the row's new version.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Version">The new version on success; otherwise the current version when known, else -1.</param>
public readonly record struct ClusterWriteResult(ClusterWriteStatus Status, long Version)
{
    /// <summary>Whether the write was applied.</summary>
    public bool Succeeded => Status == ClusterWriteStatus.Success;

    public static ClusterWriteResult Ok(long version) => new(ClusterWriteStatus.Success, version);

    public static ClusterWriteResult Conflict(long currentVersion) => new(ClusterWriteStatus.VersionConflict, currentVersion);

    public static ClusterWriteResult Missing() => new(ClusterWriteStatus.NotFound, -1);

    public static ClusterWriteResult Exists(long currentVersion) => new(ClusterWriteStatus.AlreadyExists, currentVersion);

    public static ClusterWriteResult Reject() => new(ClusterWriteStatus.Rejected, -1);
}
