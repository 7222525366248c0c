// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Primitives;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Tests.Dispatch;

/// <summary>A raw handler on Heartbeat's key (flexible from v4) that echoes its body's first int32, or suppresses / fails on request.</summary>
internal sealed class RecordingHandler : IApiHandler
{
    public const short Key = (short)Granary.Protocol.ApiKey.Heartbeat;

    public List<ApiRequest> Requests { get; } = [];

    public ApiKey ApiKey => ApiKey.Heartbeat;

    public short MinVersion => 1;

    public short MaxVersion => 4;

    public ValueTask HandleAsync(ApiRequest request, ApiResponse response, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var reader = new KafkaReader(request.Body);
        var value = reader.ReadInt32();
        switch (value)
        {
            case -1:
                response.Suppress();
                break;
            case -2:
                throw new ProtocolException(KafkaErrorCode.CorruptMessage, "bad body");
            default:
                response.Writer.WriteInt32(value);
                break;
        }

        return ValueTask.CompletedTask;
    }
}
