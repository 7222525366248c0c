// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;
using Granary.Client.Network;
using Granary.Client.Tests.Infrastructure;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Client.Tests.Network;

public class KafkaClusterTests
{
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static ClusterOptions Options(string servers) => new()
    {
        Bootstrap = BrokerAddress.ParseList(servers),
        ClientId = "granary-client-tests",
        BootstrapTimeout = TimeSpan.FromSeconds(1),
        ConnectTimeout = TimeSpan.FromSeconds(1),
        RequestTimeout = TimeSpan.FromSeconds(20),
        ReconnectBackoff = TimeSpan.FromMilliseconds(20),
        ReconnectBackoffMax = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task No_reachable_broker_fails_with_all_brokers_down_naming_every_address()
    {
        var a = ClosedPort();
        var b = ClosedPort();
        await using var cluster = new KafkaCluster(Options($"127.0.0.1:{a},127.0.0.1:{b}"));
        var ex = await Assert.ThrowsAsync<KafkaException>(() => cluster.RefreshMetadataAsync(null, CancellationToken.None));
        Assert.Equal(ErrorCode.Local_AllBrokersDown, ex.Error.Code);
        Assert.Contains($"127.0.0.1:{a}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{b}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstraps_past_a_dead_address_negotiates_versions_and_reads_metadata()
    {
        await using var silo = await TestSilo.StartAsync(("orders", 3), ("audit", 1));
        await using var cluster = new KafkaCluster(Options($"127.0.0.1:{ClosedPort()},{silo.BootstrapServers}") with { BootstrapTimeout = TimeSpan.FromSeconds(20) });

        var metadata = await cluster.RefreshMetadataAsync(["orders"], CancellationToken.None);
        var topic = Assert.Single(metadata.Topics);
        Assert.Equal("orders", topic.Topic);
        Assert.False(topic.Error.IsError);
        Assert.Equal([0, 1, 2], topic.Partitions.Select(p => p.PartitionId));
        var broker = Assert.Single(metadata.Brokers);
        Assert.All(topic.Partitions, p => Assert.Equal(broker.BrokerId, p.Leader));

        var all = await cluster.RefreshMetadataAsync(null, CancellationToken.None);
        Assert.Contains(all.Topics, t => t.Topic == "audit" && t.Partitions.Count == 1);

        var missing = await cluster.RefreshMetadataAsync(["nope"], CancellationToken.None);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, Assert.Single(missing.Topics).Error.Code);

        var leader = await cluster.GetConnectionAsync(broker.BrokerId, CancellationToken.None);
        Assert.True(leader.Versions.TryGetRange(ApiKey.Produce, out _, out var produceMax));
        Assert.True(produceMax >= 3);
    }

    [Fact]
    public async Task Pipelined_requests_on_one_connection_each_get_their_own_response()
    {
        await using var silo = await TestSilo.StartAsync(("a", 1), ("b", 2), ("c", 3));
        await using var cluster = new KafkaCluster(Options(silo.BootstrapServers) with { BootstrapTimeout = TimeSpan.FromSeconds(20) });
        var connection = await cluster.GetAnyConnectionAsync(CancellationToken.None);
        var version = connection.Versions.Pick(ApiKey.Metadata, 12, 1);
        string[] names = ["a", "b", "c"];
        var tasks = Enumerable.Range(0, 30).Select(i =>
        {
            var name = names[i % 3];
            var request = new MetadataRequest { Topics = [new MetadataRequest.MetadataRequestTopic { Name = name }], AllowAutoTopicCreation = false };
            return (name, task: connection.SendAsync<MetadataResponse>(request, version, TimeSpan.FromSeconds(20), CancellationToken.None));
        }).ToList();
        await Task.WhenAll(tasks.Select(t => t.task));
        foreach (var (name, task) in tasks)
        {
            var topic = Assert.Single((await task).Topics);
            Assert.Equal(name, topic.Name);
            Assert.Equal(name[0] - 'a' + 1, topic.Partitions.Count);
        }
    }

    [Fact]
    public async Task A_stopped_broker_fails_requests_with_a_transport_error_and_reconnecting_fails_while_it_is_down()
    {
        var silo = await TestSilo.StartAsync(("t", 1));
        await using var cluster = new KafkaCluster(Options(silo.BootstrapServers) with { BootstrapTimeout = TimeSpan.FromSeconds(20) });
        var metadata = await cluster.RefreshMetadataAsync(["t"], CancellationToken.None);
        var connection = await cluster.GetConnectionAsync(metadata.Brokers[0].BrokerId, CancellationToken.None);
        await silo.DisposeAsync();

        var request = new MetadataRequest { Topics = [new MetadataRequest.MetadataRequestTopic { Name = "t" }] };
        var version = connection.Versions.Pick(ApiKey.Metadata, 12, 1);
        var ex = await Assert.ThrowsAsync<KafkaException>(async () =>
        {
            // The first write may still succeed into the socket buffer; the failure surfaces on this or the next request.
            for (var i = 0; i < 50; i++)
            {
                await connection.SendAsync<MetadataResponse>(request, version, TimeSpan.FromSeconds(20), CancellationToken.None);
                await Task.Delay(50);
            }
        });
        Assert.Contains(ex.Error.Code, new[] { ErrorCode.Local_Transport, ErrorCode.Local_Destroy });
        Assert.True(connection.IsFaulted);
        var reconnect = await Assert.ThrowsAsync<KafkaException>(() => cluster.GetConnectionAsync(metadata.Brokers[0].BrokerId, CancellationToken.None));
        Assert.NotEqual(ErrorCode.NoError, reconnect.Error.Code);
    }
}
