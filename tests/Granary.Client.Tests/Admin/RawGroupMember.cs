// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Text;
using Granary.Client.Network;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Client.Tests.Admin;

/// <summary>
/// A consumer group member spoken in raw protocol (JoinGroup, SyncGroup as leader, LeaveGroup) against a single silo,
/// so the admin tests have a real group with a real member and assignment without needing the client consumer.
/// </summary>
public sealed class RawGroupMember : IAsyncDisposable
{
    private readonly KafkaCluster _cluster;
    private readonly string _group;
    private bool _left;

    private RawGroupMember(KafkaCluster cluster, string group, string memberId)
    {
        _cluster = cluster;
        _group = group;
        MemberId = memberId;
    }

    public string MemberId { get; }

    public static async Task<RawGroupMember> JoinAsync(string servers, string group, string clientId, IReadOnlyList<TopicPartition> assignment)
    {
        var cluster = new KafkaCluster(new ClusterOptions { Bootstrap = BrokerAddress.ParseList(servers), ClientId = clientId });
        var connection = await cluster.GetAnyConnectionAsync(CancellationToken.None);
        var joinVersion = connection.Versions.Pick(ApiKey.JoinGroup, 5);
        var topics = assignment.Select(tp => tp.Topic).Distinct().ToList();
        var join = new JoinGroupRequest
        {
            GroupId = group,
            SessionTimeoutMs = 60000,
            RebalanceTimeoutMs = 60000,
            MemberId = string.Empty,
            ProtocolType = "consumer",
            Protocols = [new JoinGroupRequest.JoinGroupRequestProtocol { Name = "range", Metadata = Subscription(topics) }],
        };
        var joined = await connection.SendAsync<JoinGroupResponse>(join, joinVersion, TimeSpan.FromSeconds(30), CancellationToken.None);
        if (joined.ErrorCode == (short)ErrorCode.MemberIdRequired)
        {
            join.MemberId = joined.MemberId;
            joined = await connection.SendAsync<JoinGroupResponse>(join, joinVersion, TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        Assert.Equal(0, joined.ErrorCode);
        Assert.Equal(joined.MemberId, joined.Leader);
        var sync = new SyncGroupRequest
        {
            GroupId = group,
            GenerationId = joined.GenerationId,
            MemberId = joined.MemberId,
            ProtocolType = "consumer",
            ProtocolName = "range",
            Assignments = [new SyncGroupRequest.SyncGroupRequestAssignment { MemberId = joined.MemberId, Assignment = EncodeAssignment(assignment) }],
        };
        var synced = await connection.SendAsync<SyncGroupResponse>(sync, connection.Versions.Pick(ApiKey.SyncGroup, 5), TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(0, synced.ErrorCode);
        return new RawGroupMember(cluster, group, joined.MemberId);
    }

    /// <summary>Kafka's ConsumerProtocolAssignment v0: int16 version, topics with their partitions, null user data.</summary>
    public static byte[] EncodeAssignment(IReadOnlyList<TopicPartition> assignment)
    {
        var bytes = new List<byte>();
        AddInt16(bytes, 0);
        var byTopic = assignment.GroupBy(tp => tp.Topic).ToList();
        AddInt32(bytes, byTopic.Count);
        foreach (var topic in byTopic)
        {
            AddString(bytes, topic.Key);
            AddInt32(bytes, topic.Count());
            foreach (var tp in topic)
            {
                AddInt32(bytes, tp.Partition.Value);
            }
        }

        AddInt32(bytes, -1);
        return [.. bytes];
    }

    public async Task LeaveAsync()
    {
        var connection = await _cluster.GetAnyConnectionAsync(CancellationToken.None);
        var version = connection.Versions.Pick(ApiKey.LeaveGroup, 3);
        var request = new LeaveGroupRequest
        {
            GroupId = _group,
            MemberId = version < 3 ? MemberId : string.Empty,
            Members = version < 3 ? [] : [new LeaveGroupRequest.MemberIdentity { MemberId = MemberId }],
        };
        var response = await connection.SendAsync<LeaveGroupResponse>(request, version, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(0, response.ErrorCode);
        _left = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_left)
        {
            await LeaveAsync();
        }

        await _cluster.DisposeAsync();
    }

    private static byte[] Subscription(List<string> topics)
    {
        var bytes = new List<byte>();
        AddInt16(bytes, 0);
        AddInt32(bytes, topics.Count);
        foreach (var topic in topics)
        {
            AddString(bytes, topic);
        }

        AddInt32(bytes, -1);
        return [.. bytes];
    }

    private static void AddInt16(List<byte> bytes, short value)
    {
        Span<byte> buffer = stackalloc byte[2];
        BinaryPrimitives.WriteInt16BigEndian(buffer, value);
        bytes.AddRange(buffer.ToArray());
    }

    private static void AddInt32(List<byte> bytes, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, value);
        bytes.AddRange(buffer.ToArray());
    }

    private static void AddString(List<byte> bytes, string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        AddInt16(bytes, (short)utf8.Length);
        bytes.AddRange(utf8);
    }
}
