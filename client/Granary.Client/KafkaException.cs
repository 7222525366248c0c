// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Raised for Kafka errors, local or broker; <see cref="Error"/> carries the code.</summary>
public class KafkaException : Exception
{
    public KafkaException(Error error)
        : base(error.ToString())
    {
        Error = error;
    }

    public KafkaException(Error error, Exception innerException)
        : base(error.ToString(), innerException)
    {
        Error = error;
    }

    public KafkaException(ErrorCode code)
        : this(new Error(code))
    {
    }

    public Error Error { get; }
}
