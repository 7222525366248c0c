// Copyright (c) Granary contributors. Licensed under the MIT License.

// DescribeCluster (API key 60), versions 0-1 (flexible from v0).
//   v0: cluster id, controller id, brokers[id, host, port, rack], cluster_authorized_operations.
//   v1: + endpoint_type: 1 (brokers) is served; 2 (controllers) answers UNSUPPORTED_ENDPOINT_TYPE, since Granary's
//       controller is a lease held by one of the brokers, not a separate quorum with its own endpoints.
// Authorized operations stay at Kafka's "not requested" value (-2147483648): Granary has no ACLs.

using Granary.Cluster;
using Granary.Cluster.Membership;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Silo.Configuration;
using Granary.Silo.Dispatch;
using Granary.Silo.Network;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Handlers;

public sealed class DescribeClusterHandler : ApiHandler<DescribeClusterRequest, DescribeClusterResponse>
{
    private const sbyte BrokersEndpoint = 1;

    private readonly IClusterTable _table;
    private readonly IClusterMembership _membership;
    private readonly int _localNodeId;
    private string? _clusterId;

    public DescribeClusterHandler(IClusterTable table, IClusterMembership membership, IOptions<BrokerOptions>? broker = null)
    {
        _table = table;
        _membership = membership;
        _localNodeId = broker?.Value.NodeId ?? -1;
    }

    public override ApiKey ApiKey => ApiKey.DescribeCluster;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override async ValueTask<DescribeClusterResponse?> HandleAsync(DescribeClusterRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        var response = new DescribeClusterResponse { ClusterId = _clusterId ??= await _table.GetClusterIdAsync(cancellationToken) };
        if (context.ApiVersion >= 1)
        {
            response.EndpointType = request.EndpointType;
            if (request.EndpointType != BrokersEndpoint)
            {
                response.ErrorCode = (short)KafkaErrorCode.UnsupportedEndpointType;
                response.ErrorMessage = $"Endpoint type {request.EndpointType} is not supported; only brokers (1).";
                return response;
            }
        }

        var view = _membership.Current;
        response.ControllerId = view.ControllerSiloId;
        response.Brokers = [.. view.ActiveSilos.Select(s =>
        {
            var (host, port) = AdvertisedAddress.For(context.Connection, _localNodeId, s.SiloId, s.Host, s.Port);
            return new DescribeClusterResponse.DescribeClusterBroker { BrokerId = s.SiloId, Host = host, Port = port, Rack = s.Rack };
        })];
        return response;
    }
}
