// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Records;

/// <summary>The attribute bits of a v2 record batch. Bits 0-2 hold the <see cref="CompressionType"/>.</summary>
[Flags]
public enum RecordBatchAttributes : short
{
    None = 0,
    CompressionMask = 0x07,
    LogAppendTime = 0x08,
    Transactional = 0x10,
    Control = 0x20,
    HasDeleteHorizon = 0x40,
}
