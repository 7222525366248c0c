// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Storage;

namespace Granary.Grains.Partitions;

/// <summary>
/// The result of a partition read: whole stored batches (<see cref="Records"/>, null when none or on error) plus the
/// partition's positions. The caller owns <see cref="Records"/> and must dispose it (it holds the segment file open).
/// </summary>
public sealed class PartitionReadResult : IDisposable
{
    public PartitionReadResult(KafkaErrorCode errorCode, PartitionOffsets offsets, LogReadResult? records, string? errorMessage = null)
    {
        ErrorCode = errorCode;
        Offsets = offsets;
        Records = records;
        ErrorMessage = errorMessage;
    }

    public KafkaErrorCode ErrorCode { get; }

    public PartitionOffsets Offsets { get; }

    public LogReadResult? Records { get; private set; }

    public string? ErrorMessage { get; }

    public static PartitionReadResult Failed(KafkaErrorCode errorCode, string? message = null) =>
        new(errorCode, new PartitionOffsets(-1, -1, -1, -1), null, message);

    /// <summary>Hands <see cref="Records"/> over to the caller, who then disposes it (after sending it).</summary>
    public LogReadResult? TakeRecords()
    {
        var records = Records;
        Records = null;
        return records;
    }

    public void Dispose()
    {
        Records?.Dispose();
        Records = null;
    }
}
