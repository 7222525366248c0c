// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Dispatch;

/// <summary>
/// Serves one Kafka API (one file per API key in <c>Handlers/</c>, opening with a comment that lists the versions
/// it supports). Register it with <see cref="ApiHandlerServiceCollectionExtensions.AddApiHandler{THandler}"/>;
/// ApiVersions then advertises exactly <see cref="MinVersion"/>..<see cref="MaxVersion"/>.
/// </summary>
/// <remarks>
/// The dispatcher has already read the request header and checked the version, and has written the response header
/// into <see cref="ApiResponse.Writer"/>; the handler reads the body from <see cref="ApiRequest.Body"/> and writes
/// the response body. A <see cref="Granary.Protocol.ProtocolException"/> thrown while reading closes the connection.
/// <see cref="HandleAsync"/> is called on the connection's read loop in request order; start order-sensitive work
/// before the first await that can yield.
/// </remarks>
public interface IApiHandler
{
    /// <summary>The API key served (Kafka's number, e.g. 18 for ApiVersions).</summary>
    short ApiKey { get; }

    /// <summary>Lowest supported request version.</summary>
    short MinVersion { get; }

    /// <summary>Highest supported request version.</summary>
    short MaxVersion { get; }

    /// <summary>The first version that uses the flexible (compact, tagged) encoding and header; short.MaxValue for none.</summary>
    short FirstFlexibleVersion { get; }

    ValueTask HandleAsync(ApiRequest request, ApiResponse response, CancellationToken cancellationToken);
}
