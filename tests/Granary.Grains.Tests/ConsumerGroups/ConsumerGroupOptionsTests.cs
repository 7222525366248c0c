// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Granary.Grains.Tests.ConsumerGroups;

public sealed class ConsumerGroupOptionsTests
{
    [Fact]
    public void DefaultsAreKafkas()
    {
        var options = new ConsumerGroupOptions();
        options.Validate();
        Assert.Equal(
            (3000, 6000, 1800000, int.MaxValue, 10080, 4096, 50),
            (options.GroupInitialRebalanceDelayMs, options.GroupMinSessionTimeoutMs, options.GroupMaxSessionTimeoutMs, options.GroupMaxSize,
                options.OffsetsRetentionMinutes, options.OffsetMetadataMaxBytes, options.OffsetsTopicNumPartitions));
        Assert.Equal(10080L * 60 * 1000, options.OffsetsRetentionMs);
    }

    [Fact]
    public void InvalidValuesNameTheKeyAndRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConsumerGroupOptions { GroupMaxSize = 0 }.Validate());
        Assert.Equal("group.max.size", error.ParamName);
        Assert.Contains("[1, 2147483647]", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConsumerGroupOptions { GroupMinSessionTimeoutMs = 10, GroupMaxSessionTimeoutMs = 5 }.Validate());
        Assert.Equal("group.max.session.timeout.ms", error.ParamName);

        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsumerGroup("g", new ConsumerGroupOptions { OffsetsRetentionMinutes = 0 }, TimeProvider.System));
    }

    [Fact]
    public void AddConsumerGroupsRegistersValidatedOptions()
    {
        using var provider = new ServiceCollection().AddConsumerGroups(o => o.GroupMaxSize = 10).BuildServiceProvider();
        Assert.Equal(10, provider.GetRequiredService<IOptions<ConsumerGroupOptions>>().Value.GroupMaxSize);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());

        using var invalid = new ServiceCollection().AddConsumerGroups(o => o.OffsetMetadataMaxBytes = -1).BuildServiceProvider();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => invalid.GetRequiredService<IOptions<ConsumerGroupOptions>>().Value);
        Assert.Equal("offset.metadata.max.bytes", error.ParamName);
    }
}
