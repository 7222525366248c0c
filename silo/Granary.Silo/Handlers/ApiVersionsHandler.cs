// Copyright (c) Granary contributors. Licensed under the MIT License.

// ApiVersions (API key 18), versions 0-3.
//   v0: error_code, api_keys[api_key, min_version, max_version].
//   v1: + throttle_time_ms.
//   v2: same layout as v1 (kafkajs 2.2.4 negotiates v2).
//   v3: flexible; request carries client_software_name/version (librdkafka 2.0.2 sends v3). The response header stays
//       v0 for every version (the dispatcher handles that), and no optional feature tags are written.
// An unsupported request version is answered by the dispatcher with a v0 body, error UNSUPPORTED_VERSION (35) and
// this API's own range, so the client can retry with a version we know.
// The list advertised is exactly the handlers registered in the ApiHandlerRegistry.

using Granary.Protocol;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class ApiVersionsHandler : IApiHandler
{
    private readonly IServiceProvider _services;
    private ApiHandlerRegistry? _registry;

    // The registry holds this handler too, so it is resolved on first use rather than injected.
    public ApiVersionsHandler(IServiceProvider services) => _services = services;

    public short ApiKey => KafkaRequestDispatcher.ApiVersionsKey;

    public short MinVersion => 0;

    public short MaxVersion => 3;

    public short FirstFlexibleVersion => 3;

    public ValueTask HandleAsync(ApiRequest request, ApiResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var registry = _registry ??= _services.GetRequiredService<ApiHandlerRegistry>();
        var flexible = response.IsFlexible;
        var writer = response.Writer;
        writer.WriteInt16((short)KafkaErrorCode.None);
        writer.WriteArrayLength(registry.Handlers.Count, flexible);
        foreach (var handler in registry.Handlers)
        {
            writer.WriteInt16(handler.ApiKey);
            writer.WriteInt16(handler.MinVersion);
            writer.WriteInt16(handler.MaxVersion);
            if (flexible)
            {
                writer.WriteUnsignedVarInt(0);
            }
        }

        if (response.Version >= 1)
        {
            writer.WriteInt32(0); // throttle_time_ms
        }

        if (flexible)
        {
            writer.WriteUnsignedVarInt(0);
        }

        return ValueTask.CompletedTask;
    }
}
