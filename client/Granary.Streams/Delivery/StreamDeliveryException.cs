// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Delivery;

/// <summary>Delivery of a partition stopped because a record could not be processed (nor dead-lettered).</summary>
public sealed class StreamDeliveryException : Exception
{
    public StreamDeliveryException()
    {
    }

    public StreamDeliveryException(string message)
        : base(message)
    {
    }

    public StreamDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
