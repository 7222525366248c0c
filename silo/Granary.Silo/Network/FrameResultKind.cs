// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Network;

/// <summary>What the transport does with a dispatched frame.</summary>
public enum FrameResultKind
{
    /// <summary>Send the response buffer.</summary>
    Respond,

    /// <summary>Send nothing (Kafka: Produce with acks=0).</summary>
    NoResponse,

    /// <summary>Close the connection after earlier responses are sent (malformed or unknown request).</summary>
    Close,

    /// <summary>Send the response buffer, then close the connection (a failed SASL exchange).</summary>
    RespondAndClose,
}
