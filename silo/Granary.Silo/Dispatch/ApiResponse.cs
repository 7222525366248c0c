// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Primitives;

namespace Granary.Silo.Dispatch;

/// <summary>Where a handler writes its response body (the header is already written).</summary>
public sealed class ApiResponse
{
    internal ApiResponse(KafkaWriter writer, short version, bool isFlexible)
    {
        Writer = writer;
        Version = version;
        IsFlexible = isFlexible;
    }

    /// <summary>Writes the response body after the response header.</summary>
    public KafkaWriter Writer { get; }

    /// <summary>The response version (equal to the request version).</summary>
    public short Version { get; }

    /// <summary>True when the body uses compact encodings and tagged fields.</summary>
    public bool IsFlexible { get; }

    /// <summary>True once <see cref="Suppress"/> was called.</summary>
    public bool IsSuppressed { get; private set; }

    /// <summary>Sends no response at all (Produce with acks=0).</summary>
    public void Suppress() => IsSuppressed = true;
}
