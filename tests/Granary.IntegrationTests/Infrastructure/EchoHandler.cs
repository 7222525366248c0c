// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Primitives;
using Granary.Silo.Dispatch;

namespace Granary.IntegrationTests.Infrastructure;

/// <summary>
/// A test API served on SaslHandshake's key (classic encoding, v0-1): the body is an int32 delay in milliseconds, then any bytes. The response echoes the
/// delay and the body length after waiting, so later requests can finish first; a delay of -1 sends no response.
/// </summary>
public sealed class EchoHandler : IApiHandler
{
    public const short Key = (short)ApiKey.SaslHandshake;

    public ApiKey ApiKey => ApiKey.SaslHandshake;

    public short MinVersion => 0;

    public short MaxVersion => 0;

    public static byte[] Body(int delayMs, int extraBytes = 0)
    {
        var body = new byte[4 + extraBytes];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(body, delayMs);
        return body;
    }

    public async ValueTask HandleAsync(ApiRequest request, ApiResponse response, CancellationToken cancellationToken)
    {
        var delay = ReadDelay(request.Body);
        if (delay < 0)
        {
            response.Suppress();
            return;
        }

        if (delay > 0)
        {
            await Task.Delay(delay, cancellationToken);
        }

        response.Writer.WriteInt32(delay);
        response.Writer.WriteInt32(request.Body.Length);
    }

    private static int ReadDelay(ReadOnlyMemory<byte> body)
    {
        var reader = new KafkaReader(body);
        return reader.ReadInt32();
    }
}
