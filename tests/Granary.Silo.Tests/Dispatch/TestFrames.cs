// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Primitives;
using Granary.Silo.Network;

namespace Granary.Silo.Tests.Dispatch;

internal static class TestFrames
{
    public static readonly ClientConnection Connection = new("test-connection", null, null);

    /// <summary>Builds a request frame (no size prefix): header v1, or v2 with the given tagged fields when flexible.</summary>
    public static RequestFrame Request(short apiKey, short version, int correlationId, bool flexible, byte[]? body = null, string? clientId = "tests", byte[]? headerTags = null)
    {
        var writer = new KafkaWriter();
        writer.WriteInt16(apiKey);
        writer.WriteInt16(version);
        writer.WriteInt32(correlationId);
        writer.WriteNullableString(clientId, compact: false);
        if (flexible)
        {
            writer.WriteRaw(headerTags ?? [0]);
        }

        writer.WriteRaw(body ?? []);
        return RequestFrame.Copy(writer.WrittenMemory.Span);
    }

    public static byte[] ApiVersionsV3Body()
    {
        var writer = new KafkaWriter();
        writer.WriteString("granary-tests", compact: true);
        writer.WriteString("1.0", compact: true);
        writer.WriteUnsignedVarInt(0);
        return writer.WrittenMemory.ToArray();
    }
}
