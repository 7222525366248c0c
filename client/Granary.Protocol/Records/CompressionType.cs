// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Records;

/// <summary>The codec of a record batch, with Kafka's attribute numbers.</summary>
public enum CompressionType : byte
{
    None = 0,
    Gzip = 1,
    Snappy = 2,
    Lz4 = 3,
    Zstd = 4,
}
