// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster.Membership;
using Granary.Cluster.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Granary.Cluster.Tests.Membership;

public sealed class ClusterMetadataServiceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(fakeTimers: false);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Sees_changes_written_through_another_table_instance()
    {
        using var writer = await SqliteClusterTable.OpenAsync(_dir.Options(pooling: false), _time);
        using var reader = await SqliteClusterTable.OpenAsync(_dir.Options(pooling: false), _time);
        await using var metadata = new ClusterMetadataService(
            reader,
            Options.Create(new ClusterMembershipOptions { SiloId = 2 }),
            _time,
            NullLogger<ClusterMetadataService>.Instance);
        var events = new List<ClusterMetadataSnapshot>();
        metadata.Changed += (_, snapshot) => events.Add(snapshot);

        var empty = await metadata.RefreshAsync();
        Assert.Empty(empty.Topics);
        Assert.Equal(0, empty.Version);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = metadata.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await watch.MoveNextAsync());
        var next = watch.MoveNextAsync();

        await writer.CreateTopicAsync(new NewTopic("orders", Guid.NewGuid(), 2, new Dictionary<string, string>(), false, [[1, 2], [2, 1]]));
        var snapshot = await metadata.RefreshAsync();
        Assert.True(await next);
        Assert.Same(snapshot, watch.Current);
        Assert.Equal("orders", Assert.Single(snapshot.Topics).Name);
        Assert.Equal([0], snapshot.LedBy(1).Select(p => p.Partition));
        Assert.Equal([1], snapshot.LedBy(2).Select(p => p.Partition));
        Assert.Equal(2, snapshot.ReplicatedOn(2).Count);
        Assert.Equal(2, snapshot.PartitionsOf("orders").Count);
        Assert.Equal(2, events.Count);

        // No change, no new snapshot.
        Assert.Same(snapshot, await metadata.RefreshAsync());
        Assert.Equal(2, events.Count);
    }
}
