// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>One entry of the cluster's key-value metadata, with its compare-and-set version.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value.</param>
/// <param name="Version">Row etag (starts at 1).</param>
public sealed record MetadataEntry(string Key, string Value, long Version);
