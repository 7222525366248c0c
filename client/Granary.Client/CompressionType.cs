// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The compression.type setting.</summary>
public enum CompressionType
{
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}
