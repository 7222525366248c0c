// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Records;

/// <summary>The outcome of checking the bytes of one record batch.</summary>
public enum RecordBatchValidation
{
    Valid,

    /// <summary>Fewer bytes than the header or the declared BatchLength: a torn tail on disk, a truncated frame on the wire.</summary>
    Incomplete,

    /// <summary>Magic is not 2. v0/v1 message sets are read only to be rejected or converted.</summary>
    UnsupportedMagic,

    /// <summary>BatchLength is smaller than an empty batch.</summary>
    BadLength,

    /// <summary>RecordCount or LastOffsetDelta is negative, or they disagree.</summary>
    BadCount,

    CrcMismatch,
}
