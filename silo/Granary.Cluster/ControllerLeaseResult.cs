// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>Result of an attempt to acquire or renew the controller lease.</summary>
/// <param name="Acquired">Whether the caller holds the lease now.</param>
/// <param name="Lease">The lease as it stands after the attempt (the caller's, or the current holder's).</param>
public sealed record ControllerLeaseResult(bool Acquired, ControllerLease Lease);
