// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Xunit;

namespace Granary.Grains.Tests.ConsumerGroups;

/// <summary>One group, a fake clock, and helpers that speak for clients.</summary>
internal sealed class GroupHarness
{
    public const long StartMs = 1_700_000_000_000;

    public GroupHarness(ConsumerGroupOptions? options = null, string groupId = "group-1")
    {
        Options = options ?? new ConsumerGroupOptions();
        Time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(StartMs), fakeTimers: false);
        Group = new ConsumerGroup(groupId, Options, Time);
    }

    public ConsumerGroupOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public ConsumerGroup Group { get; }

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public static GroupProtocol Range(params string[] topics) => new("range", ConsumerProtocolSubscription.Encode(topics));

    public static GroupProtocol RoundRobin(params string[] topics) => new("roundrobin", ConsumerProtocolSubscription.Encode(topics));

    public static JoinGroupRequestData Join(
        string memberId = "",
        string? instanceId = null,
        short version = 3,
        int sessionTimeoutMs = 10_000,
        int rebalanceTimeoutMs = 20_000,
        string protocolType = "consumer",
        string clientId = "client",
        params GroupProtocol[] protocols) =>
        new(
            version,
            memberId,
            instanceId,
            clientId,
            "/10.0.0.1",
            sessionTimeoutMs,
            rebalanceTimeoutMs,
            protocolType,
            protocols.Length == 0 ? [Range("orders")] : protocols);

    public static byte[] AssignmentFor(string memberId) => Encoding.UTF8.GetBytes("assignment-of-" + memberId);

    /// <summary>The answer of a task the coordinator must already have completed (a test never waits for it).</summary>
    public static async Task<T> Done<T>(Task<T> task)
    {
        Assert.True(task.IsCompleted, "The coordinator has not answered yet.");
        return await task;
    }

    public void Advance(long milliseconds)
    {
        Time.Advance(TimeSpan.FromMilliseconds(milliseconds));
        Group.Tick();
    }

    /// <summary>Advances the clock to each deadline until every task has completed (or a bound is hit).</summary>
    public void RunUntilCompleted(params Task[] tasks)
    {
        for (var i = 0; i < 100 && !tasks.All(t => t.IsCompleted); i++)
        {
            var next = Group.NextDeadline ?? throw new InvalidOperationException("Tasks wait but nothing is scheduled.");
            var wait = Math.Max(0, next.ToUnixTimeMilliseconds() - NowMs);
            Advance(wait);
        }

        Assert.All(tasks, t => Assert.True(t.IsCompleted));
    }

    /// <summary>Joins the given members (static when an instance id is given) and completes join and sync.</summary>
    public async Task<StableGroup> FormStableGroupAsync(params JoinGroupRequestData[] joins)
    {
        var tasks = joins.Select(Group.JoinGroupAsync).ToArray();
        RunUntilCompleted(tasks);
        var results = await Task.WhenAll(tasks);
        Assert.All(results, r => Assert.Equal(KafkaErrorCode.None, r.ErrorCode));
        var leader = results.Single(r => r.MemberId == r.LeaderId);
        var syncs = new List<Task<SyncGroupResult>>();
        foreach (var result in results.Where(r => r != leader))
        {
            syncs.Add(Group.SyncGroupAsync(new SyncGroupRequestData(result.MemberId, joins[Array.IndexOf(results, result)].GroupInstanceId, result.GenerationId, "consumer", result.ProtocolName, new Dictionary<string, byte[]>())));
        }

        var assignments = leader.Members.ToDictionary(m => m.MemberId, m => AssignmentFor(m.MemberId));
        syncs.Add(Group.SyncGroupAsync(new SyncGroupRequestData(leader.MemberId, joins[Array.IndexOf(results, leader)].GroupInstanceId, leader.GenerationId, "consumer", leader.ProtocolName, assignments)));
        Assert.All(syncs, s => Assert.True(s.IsCompleted));
        var synced = await Task.WhenAll(syncs);
        Assert.All(synced, s => Assert.Equal(KafkaErrorCode.None, s.ErrorCode));
        Assert.Equal(ConsumerGroupState.Stable, Group.State);
        return new StableGroup(results, leader.GenerationId);
    }
}
