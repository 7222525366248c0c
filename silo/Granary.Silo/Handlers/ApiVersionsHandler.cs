// Copyright (c) Granary contributors. Licensed under the MIT License.

// ApiVersions (API key 18), versions 0-3.
//   v0: error_code, api_keys[api_key, min_version, max_version].
//   v1: + throttle_time_ms (always 0: no quotas).
//   v2: same layout as v1 (kafkajs 2.2.4 negotiates v2).
//   v3: flexible; the request carries client_software_name/version (librdkafka 2.0.2 sends v3). The response header
//       stays v0 for every version, and no feature tags (SupportedFeatures, FinalizedFeatures) are written.
//   v4: not served (it only adds ZK-migration and feature semantics); a v4 request gets the error below.
// An unsupported request version is answered by the dispatcher with a v0 body, error UNSUPPORTED_VERSION (35) and
// this API's own range, so the client retries with a version we know.
// The list advertised is exactly the handlers registered in the ApiHandlerRegistry.

using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class ApiVersionsHandler : ApiHandler<ApiVersionsRequest, ApiVersionsResponse>
{
    private readonly IServiceProvider _services;
    private ApiHandlerRegistry? _registry;

    // The registry holds this handler too, so it is resolved on first use rather than injected.
    public ApiVersionsHandler(IServiceProvider services) => _services = services;

    public override ApiKey ApiKey => ApiKey.ApiVersions;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override ValueTask<ApiVersionsResponse?> HandleAsync(ApiVersionsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        var registry = _registry ??= _services.GetRequiredService<ApiHandlerRegistry>();
        var response = new ApiVersionsResponse
        {
            ApiKeys = [.. registry.Handlers.Select(h => new ApiVersionsResponse.ApiVersion
            {
                ApiKey = (short)h.ApiKey,
                MinVersion = h.MinVersion,
                MaxVersion = h.MaxVersion,
            })],
        };
        return ValueTask.FromResult<ApiVersionsResponse?>(response);
    }
}
