// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Silo.Dispatch;

/// <summary>
/// Serves one Kafka API (one file per API key in <c>Handlers/</c>, opening with a comment that lists the versions
/// it supports). Register it with <see cref="ApiHandlerServiceCollectionExtensions.AddApiHandler{THandler}"/>;
/// ApiVersions then advertises exactly <see cref="MinVersion"/>..<see cref="MaxVersion"/>. Most handlers derive from
/// <see cref="ApiHandler{TRequest, TResponse}"/>, which decodes and encodes the generated message types.
/// </summary>
/// <remarks>
/// The dispatcher has already read the request header (its version comes from the API catalog), checked the version,
/// and written the response header into <see cref="ApiResponse.Writer"/>; the handler reads the body from
/// <see cref="ApiRequest.Body"/> and writes the response body. A <see cref="ProtocolException"/> thrown while reading
/// closes the connection. <see cref="HandleAsync"/> is called on the connection's read loop in request order; start
/// order-sensitive work before the first await that can yield.
/// </remarks>
public interface IApiHandler
{
    /// <summary>The API served.</summary>
    ApiKey ApiKey { get; }

    /// <summary>Lowest supported request version (within the spec's range).</summary>
    short MinVersion { get; }

    /// <summary>Highest supported request version (within the spec's range).</summary>
    short MaxVersion { get; }

    ValueTask HandleAsync(ApiRequest request, ApiResponse response, CancellationToken cancellationToken);
}
