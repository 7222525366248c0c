// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Records;

/// <summary>
/// One batch found in a records field: its bytes and, for v2, its validated header. Legacy v0/v1 message-set entries
/// are reported with their magic so the caller can reject or convert them (<c>LegacyMessageSet</c>).
/// </summary>
public readonly ref struct RecordBatchEntry(sbyte magic, RecordBatchHeader header, ReadOnlySpan<byte> bytes, int position)
{
    public sbyte Magic { get; } = magic;

    /// <summary>The v2 header; default for a legacy entry.</summary>
    public RecordBatchHeader Header { get; } = header;

    /// <summary>The whole batch (or legacy entry), from its BaseOffset field to its last byte.</summary>
    public ReadOnlySpan<byte> Bytes { get; } = bytes;

    /// <summary>Where the batch starts in the enumerated range.</summary>
    public int Position { get; } = position;

    public bool IsLegacy => Magic < RecordBatchHeader.CurrentMagic;
}
