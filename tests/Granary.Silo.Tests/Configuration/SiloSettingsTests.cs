// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Granary.Silo.Tests.Configuration;

public class SiloSettingsTests
{
    private static SiloSettings Load(params (string Key, string Value)[] entries) =>
        SiloSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(entries.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)))
            .Build());

    private static IReadOnlyList<string> Errors(params (string Key, string Value)[] entries) =>
        Assert.Throws<SiloConfigurationException>(() => Load(entries)).Errors;

    [Fact]
    public void Defaults_are_Kafka_defaults_for_a_single_silo()
    {
        var settings = Load();
        var broker = settings.Broker;

        Assert.Equal(0, broker.NodeId);
        Assert.Equal(Path.GetFullPath("./data"), broker.DataDirectory);
        Assert.Equal(1, broker.NumPartitions);
        Assert.Equal(1, broker.DefaultReplicationFactor);
        Assert.True(broker.AutoCreateTopicsEnable);
        Assert.Equal(TimeSpan.FromHours(168), broker.EffectiveLogRetention);
        Assert.Equal(-1, broker.LogRetentionBytes);
        Assert.Equal(1_073_741_824, broker.LogSegmentBytes);
        Assert.Equal(1_048_588, broker.MessageMaxBytes);
        Assert.Equal(104_857_600, broker.SocketRequestMaxBytes);
        Assert.Equal(50, broker.OffsetsTopicNumPartitions);
        Assert.Equal(1, broker.OffsetsTopicReplicationFactor);
        Assert.Equal(["delete"], broker.LogCleanupPolicy);
        Assert.Equal("CreateTime", broker.LogMessageTimestampType);
        Assert.Equal("producer", broker.CompressionType);
        Assert.Equal(57_671_680, broker.FetchMaxBytes);
        Assert.Equal("127.0.0.1", settings.Listener.Host);
        Assert.Equal(9092, settings.Listener.Port);
    }

    [Fact]
    public void Every_catalog_default_matches_the_options_default()
    {
        var fresh = new BrokerOptions();
        foreach (var key in BrokerConfigCatalog.Keys.Where(k => k.DefaultValue != "null"))
        {
            var applied = new BrokerOptions();
            Assert.Null(key.TryApply(key.DefaultValue, applied));
            foreach (var property in typeof(BrokerOptions).GetProperties().Where(p => p.CanWrite))
            {
                var expected = property.GetValue(fresh);
                var actual = property.GetValue(applied);
                if (expected is IEnumerable<string> list)
                {
                    Assert.Equal(list, (IEnumerable<string>)actual!);
                }
                else
                {
                    Assert.True(Equals(expected, actual), $"{key.Name}: default '{key.DefaultValue}' changed {property.Name} from {expected} to {actual}");
                }
            }
        }
    }

    [Fact]
    public void A_bad_integer_names_the_key_and_the_range()
    {
        Assert.Equal(
            ["message.max.bytes: must be an integer in [0, 2147483647], got 'abc'"],
            Errors(("Broker:message.max.bytes", "abc")));
    }

    [Theory]
    [InlineData("num.partitions", "0", "num.partitions: must be an integer in [1, 2147483647], got '0'")]
    [InlineData("log.retention.bytes", "-2", "log.retention.bytes: must be an integer in [-1, 9223372036854775807], got '-2'")]
    [InlineData("default.replication.factor", "40000", "default.replication.factor: must be an integer in [1, 32767], got '40000'")]
    [InlineData("auto.create.topics.enable", "yes", "auto.create.topics.enable: must be true or false, got 'yes'")]
    [InlineData("log.message.timestamp.type", "Now", "log.message.timestamp.type: must be one of [CreateTime, LogAppendTime], got 'Now'")]
    [InlineData("compression.type", "brotli", "compression.type: must be one of [uncompressed, zstd, lz4, snappy, gzip, producer], got 'brotli'")]
    [InlineData("log.cleanup.policy", "delete,shred", "log.cleanup.policy: must be a comma-separated list of [compact, delete], got 'delete,shred'")]
    [InlineData("log.cleaner.min.cleanable.ratio", "1.5", "log.cleaner.min.cleanable.ratio: must be a number in [0, 1], got '1.5'")]
    [InlineData("socket.request.max.bytes", "0", "socket.request.max.bytes: must be an integer in [1, 2147483647], got '0'")]
    [InlineData("log.dir", "", "log.dir: must not be empty, got ''")]
    public void Each_bad_value_names_its_key(string key, string value, string expected)
    {
        Assert.Equal([expected], Errors(($"Broker:{key}", value)));
    }

    [Fact]
    public void Unknown_broker_key_in_configuration_is_an_error_naming_it()
    {
        Assert.Equal(["log.retention.weeks: unknown broker setting"], Errors(("Broker:log.retention.weeks", "1")));
    }

    [Fact]
    public void All_errors_are_reported_together()
    {
        var errors = Errors(("Broker:num.partitions", "x"), ("Broker:queued.max.requests", "0"), ("Listener:Port", "70000"));
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("num.partitions:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("queued.max.requests:", StringComparison.Ordinal));
        Assert.Contains("port: must be an integer in [0, 65535], got '70000'", errors);
    }

    [Fact]
    public void Environment_style_and_nested_names_reach_the_dotted_key()
    {
        var settings = Load(("Broker:LOG_RETENTION_MS", "1234"), ("Broker:num:partitions", "6"), ("Broker:Broker.Id", "3"));

        Assert.Equal(1234, settings.Broker.LogRetentionMs);
        Assert.Equal(TimeSpan.FromMilliseconds(1234), settings.Broker.EffectiveLogRetention);
        Assert.Equal(6, settings.Broker.NumPartitions);
        Assert.Equal(3, settings.Broker.NodeId);
    }

    [Fact]
    public void Retention_precedence_is_ms_then_minutes_then_hours_and_minus_one_is_unlimited()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Load(("Broker:log.retention.minutes", "5"), ("Broker:log.retention.hours", "1")).Broker.EffectiveLogRetention);
        Assert.Equal(TimeSpan.FromHours(2), Load(("Broker:log.retention.hours", "2")).Broker.EffectiveLogRetention);
        Assert.Null(Load(("Broker:log.retention.ms", "-1"), ("Broker:log.retention.minutes", "5")).Broker.EffectiveLogRetention);
    }

    [Fact]
    public void Session_timeout_bounds_must_be_ordered()
    {
        Assert.Equal(
            ["group.min.session.timeout.ms: must not exceed group.max.session.timeout.ms (1000), got '6000'"],
            Errors(("Broker:group.max.session.timeout.ms", "1000")));
    }

    [Fact]
    public void Listener_host_must_be_an_address_and_unknown_listener_keys_are_rejected()
    {
        var errors = Errors(("Listener:Host", "not a host"), ("Listener:Bogus", "1"));
        Assert.Contains("host: must be an IP address or 'localhost', got 'not a host'", errors);
        Assert.Contains(errors, e => e.StartsWith("Listener:Bogus: unknown listener setting", StringComparison.Ordinal));
    }
}
