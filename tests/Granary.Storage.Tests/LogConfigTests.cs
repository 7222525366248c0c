// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;
using Xunit;

namespace Granary.Storage.Tests;

public sealed class LogConfigTests
{
    [Fact]
    public void Defaults_match_kafka_except_flush_messages()
    {
        var config = LogConfig.Default;
        Assert.Equal(1073741824, config.SegmentBytes);
        Assert.Equal(604800000, config.SegmentMs);
        Assert.Equal(10485760, config.SegmentIndexBytes);
        Assert.Equal(4096, config.IndexIntervalBytes);
        Assert.Equal(604800000, config.RetentionMs);
        Assert.Equal(-1, config.RetentionBytes);
        Assert.Equal(CleanupPolicy.Delete, config.CleanupPolicy);
        Assert.Equal(86400000, config.DeleteRetentionMs);
        Assert.Equal(0.5, config.MinCleanableDirtyRatio);
        Assert.Equal(1048588, config.MaxMessageBytes);
        Assert.Equal(60000, config.FileDeleteDelayMs);
        Assert.Equal(long.MaxValue, config.FlushMs);
        Assert.Equal(1, config.FlushMessages);
    }

    [Fact]
    public void Properties_use_kafka_key_names()
    {
        var config = LogConfig.FromProperties(new Dictionary<string, string>
        {
            ["segment.bytes"] = "1048576",
            ["cleanup.policy"] = "compact,delete",
            ["message.timestamp.type"] = "LogAppendTime",
            ["retention.ms"] = "-1",
            ["flush.messages"] = "9223372036854775807",
        });
        Assert.Equal(1048576, config.SegmentBytes);
        Assert.Equal(CleanupPolicy.Compact | CleanupPolicy.Delete, config.CleanupPolicy);
        Assert.Equal(TimestampType.LogAppendTime, config.MessageTimestampType);
        Assert.Equal(-1, config.RetentionMs);
        Assert.Equal(long.MaxValue, config.FlushMessages);
    }

    [Theory]
    [InlineData("segment.bytes", "10")]
    [InlineData("retention.ms", "-2")]
    [InlineData("min.cleanable.dirty.ratio", "1.5")]
    [InlineData("flush.messages", "0")]
    [InlineData("cleanup.policy", "shred")]
    [InlineData("index.interval.bytes", "abc")]
    public void Invalid_values_name_the_key_and_range(string key, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => LogConfig.FromProperties(new Dictionary<string, string> { [key] = value }));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Equal(key, error.ParamName);
    }
}
