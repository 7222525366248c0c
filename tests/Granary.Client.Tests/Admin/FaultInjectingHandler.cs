// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Granary.Silo.Dispatch;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Client.Tests.Admin;

/// <summary>
/// Wraps one of a real silo's handlers: the first <see cref="Faults"/> requests get a response built by the test
/// (such as NOT_CONTROLLER for every topic), the rest are served by the real handler. A single silo is always the
/// controller, the coordinator and the leader, so this is how the admin client's re-routing after such answers is
/// exercised against a real silo.
/// </summary>
public sealed class FaultInjectingHandler<TRequest>(int faults, Func<TRequest, IKafkaApiMessage> fault)
    where TRequest : IKafkaApiMessage, new()
{
    private int _remaining = faults;
    private int _calls;

    public int Faults { get; } = faults;

    /// <summary>Requests seen, faulted or served.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Replaces the built-in handler <typeparamref name="THandler"/> (the registry keeps the last registration per API).</summary>
    public FaultInjectingHandler<TRequest> Replace<THandler>(IServiceCollection services)
        where THandler : class, IApiHandler
    {
        services.AddSingleton<IApiHandler>(sp => new Wrapper(this, sp.GetRequiredService<THandler>()));
        return this;
    }

    private sealed class Wrapper(FaultInjectingHandler<TRequest> plan, IApiHandler inner) : IApiHandler
    {
        public ApiKey ApiKey => inner.ApiKey;

        public short MinVersion => inner.MinVersion;

        public short MaxVersion => inner.MaxVersion;

        public ValueTask HandleAsync(ApiRequest request, ApiResponse response, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref plan._calls);
            if (Interlocked.Decrement(ref plan._remaining) < 0)
            {
                return inner.HandleAsync(request, response, cancellationToken);
            }

            var reader = new KafkaReader(request.Body);
            var message = new TRequest();
            message.Read(ref reader, request.ApiVersion);
            plan.Faulted(message).Write(response.Writer, response.Version);
            return ValueTask.CompletedTask;
        }
    }

    private IKafkaApiMessage Faulted(TRequest request) => fault(request);
}
