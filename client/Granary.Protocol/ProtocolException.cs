// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol;

/// <summary>
/// The one exception type that decoding untrusted bytes may throw. It carries the Kafka error code a broker
/// answers with (CORRUPT_MESSAGE, INVALID_REQUEST, UNSUPPORTED_VERSION, ...), so a handler can map it without
/// guessing, and it never wraps a lower-level exception from a parser that ran past its input.
/// </summary>
public sealed class ProtocolException : Exception
{
    public ProtocolException(KafkaErrorCode errorCode, string message)
        : base(message) => ErrorCode = errorCode;

    public ProtocolException(KafkaErrorCode errorCode, string message, Exception innerException)
        : base(message, innerException) => ErrorCode = errorCode;

    /// <summary>The Kafka error code that describes the failure on the wire.</summary>
    public KafkaErrorCode ErrorCode { get; }
}
