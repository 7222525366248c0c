// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;
using Granary.Client.Admin;
using Xunit;

namespace Granary.Client.Tests.Admin;

public class AdminClusterTests(AdminSilo silo) : IClassFixture<AdminSilo>
{
    [Fact]
    public async Task DescribeCluster_names_the_cluster_the_controller_and_the_nodes()
    {
        using var admin = silo.CreateAdmin();
        var result = await admin.DescribeClusterAsync();
        var node = Assert.Single(result.Nodes);
        Assert.Equal("127.0.0.1", node.Host);
        Assert.Equal(int.Parse(silo.BootstrapServers.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), node.Port);
        Assert.Equal(node, result.Controller);
        Assert.False(string.IsNullOrEmpty(result.ClusterId));
        Assert.Null(result.AuthorizedOperations);
    }

    [Fact]
    public async Task GetMetadata_lists_brokers_and_topics()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "meta", NumPartitions = 2 }]);
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        Assert.Single(metadata.Brokers);
        Assert.Contains(metadata.Topics, t => t.Topic == "meta" && t.Partitions.Count == 2);

        var unknown = Assert.Single(admin.GetMetadata("meta-unknown", TimeSpan.FromSeconds(10)).Topics);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, unknown.Error.Code);
    }

    [Fact]
    public async Task A_broker_that_never_answers_fails_the_call_with_a_timeout_within_the_request_timeout()
    {
        // A listening socket that accepts connections but never answers: ApiVersions hangs until the deadline.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = $"127.0.0.1:{port}" }).Build();
        var ex = await Assert.ThrowsAsync<KafkaException>(() => admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = TimeSpan.FromMilliseconds(500) }));
        Assert.Contains(ex.Error.Code, new[] { ErrorCode.Local_TimedOut, ErrorCode.Local_AllBrokersDown });
        Assert.Throws<KafkaException>(() => admin.GetMetadata(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Builder_validates_configuration_and_handlers()
    {
        Assert.Throws<ArgumentException>(() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = "x:1", ["no.such.property"] = "1" }).Build());
        var builder = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = "x:1" }).SetErrorHandler((_, _) => { });
        Assert.Throws<InvalidOperationException>(() => builder.SetErrorHandler((_, _) => { }));
        using var admin = builder.SetLogHandler((_, _) => { }).Build();
        Assert.StartsWith("rdkafka#admin-", admin.Name, StringComparison.Ordinal);
        admin.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => admin.DescribeClusterAsync());
    }

    [Fact]
    public async Task Connection_failures_reach_the_error_handler()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var errors = new List<Error>();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = $"127.0.0.1:{port}", ["socket.connection.setup.timeout.ms"] = "1000" })
            .SetErrorHandler((_, e) => { lock (errors) { errors.Add(e); } })
            .Build();
        var ex = await Assert.ThrowsAsync<KafkaException>(() => admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = TimeSpan.FromSeconds(10) }));
        Assert.Equal(ErrorCode.Local_AllBrokersDown, ex.Error.Code);
        Assert.Equal(ErrorCode.Local_AllBrokersDown, Assert.Single(errors).Code);
    }
}
