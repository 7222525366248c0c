// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Network;
using Granary.Client.Tests.Producing;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Client.Tests.Network;

public class KafkaConnectionTests
{
    /// <summary>
    /// Issue 5: connections are shared, and whoever finds one faulted disposes it, possibly while another caller is
    /// still writing to it and a third waits for the write lock. Disposing the lock then made the writer's release
    /// throw ObjectDisposedException (which the producer's sender did not handle) and left the waiter parked on the
    /// lock forever: its partition stopped sending and Flush timed out with records undelivered.
    /// </summary>
    [Fact]
    public async Task Disposing_a_connection_under_a_blocked_write_fails_the_writer_and_the_queued_writer_with_a_transport_error()
    {
        await using var silo = await ProxiedSilo.StartAsync("blocked", 1);
        var address = BrokerAddress.ParseList(silo.BootstrapServers)[0];
        var connection = await KafkaConnection.ConnectAsync(address, "granary-client-tests", 1 << 20, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), CancellationToken.None);
        var version = connection.Versions.Pick(ApiKey.Produce, 9, 3);

        // The proxy stops reading, so a request larger than the socket buffers blocks its write (holding the lock).
        silo.Proxy.HoldUpstream();
        var writer = connection.BeginSendAsync<ProduceResponse>(Produce(32 << 20), version, TimeSpan.FromSeconds(30), CancellationToken.None);
        var queued = connection.BeginSendAsync<ProduceResponse>(Produce(16), version, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.False(writer.IsCompleted);
        Assert.False(queued.IsCompleted);

        await connection.DisposeAsync();

        // The guard only turns a hang into a failure; both normally finish as soon as the socket is closed.
        var guard = TimeSpan.FromSeconds(30);
        var first = await Assert.ThrowsAsync<KafkaException>(() => writer.WaitAsync(guard));
        Assert.Equal(ErrorCode.Local_Transport, first.Error.Code);
        var second = await Assert.ThrowsAsync<KafkaException>(() => queued.WaitAsync(guard));
        Assert.Equal(ErrorCode.Local_Transport, second.Error.Code);
    }

    private static ProduceRequest Produce(int bytes) => new()
    {
        Acks = -1,
        TimeoutMs = 30000,
        TopicData = [new ProduceRequest.TopicProduceData { Name = "blocked", PartitionData = [new ProduceRequest.PartitionProduceData { Index = 0, Records = new byte[bytes] }] }],
    };
}
