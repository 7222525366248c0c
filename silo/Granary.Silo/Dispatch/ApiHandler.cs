// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;

namespace Granary.Silo.Dispatch;

/// <summary>
/// A handler over the generated message types: decodes <typeparamref name="TRequest"/> at the request version, and
/// encodes the returned <typeparamref name="TResponse"/> at the same version (null sends no response).
/// </summary>
public abstract class ApiHandler<TRequest, TResponse> : IApiHandler
    where TRequest : IKafkaApiMessage, new()
    where TResponse : class, IKafkaApiMessage
{
    public abstract ApiKey ApiKey { get; }

    public abstract short MinVersion { get; }

    public abstract short MaxVersion { get; }

    public async ValueTask HandleAsync(ApiRequest request, ApiResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var message = Decode(request);
        var result = await HandleAsync(message, request, cancellationToken);
        if (result is null)
        {
            response.Suppress();
            return;
        }

        result.Write(response.Writer, response.Version);
    }

    /// <summary>Serves one decoded request; the result is written at the request's version.</summary>
    protected abstract ValueTask<TResponse?> HandleAsync(TRequest request, ApiRequest context, CancellationToken cancellationToken);

    private static TRequest Decode(ApiRequest request)
    {
        var reader = new KafkaReader(request.Body);
        var message = new TRequest();
        message.Read(ref reader, request.ApiVersion);
        return message;
    }
}
