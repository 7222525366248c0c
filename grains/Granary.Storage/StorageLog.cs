// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Granary.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Partition {Partition} is offline after an I/O error")]
    public static partial void PartitionOffline(ILogger logger, string partition, Exception error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Partition {Partition}: recovery truncated segment {BaseOffset} at position {Position} ({Reason})")]
    public static partial void RecoveryTruncated(ILogger logger, string partition, long baseOffset, long position, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Partition {Partition}: deleted {Count} segments, log start offset now {LogStartOffset}")]
    public static partial void SegmentsDeleted(ILogger logger, string partition, int count, long logStartOffset);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Partition {Partition}: rebuilt index of segment {BaseOffset}")]
    public static partial void IndexRebuilt(ILogger logger, string partition, long baseOffset);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Log cleaning of {Partition} failed")]
    public static partial void CleaningFailed(ILogger logger, string partition, Exception error);
}
