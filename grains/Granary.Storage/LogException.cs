// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Storage;

/// <summary>A log operation failed; <see cref="ErrorCode"/> is what the broker answers with.</summary>
/// <remarks>
/// KafkaStorageError means the partition is offline: an I/O error (disk full, failed fsync) stopped it so that
/// its files are never written in an unknown state. OffsetOutOfRange means a read or truncation named an offset
/// outside [LogStartOffset, LogEndOffset].
/// </remarks>
public sealed class LogException : Exception
{
    public LogException(KafkaErrorCode errorCode, string message)
        : base(message) => ErrorCode = errorCode;

    public LogException(KafkaErrorCode errorCode, string message, Exception innerException)
        : base(message, innerException) => ErrorCode = errorCode;

    public KafkaErrorCode ErrorCode { get; }
}
