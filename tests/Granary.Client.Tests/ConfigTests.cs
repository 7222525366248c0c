// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Configuration;
using Xunit;

namespace Granary.Client.Tests;

public class ConfigTests
{
    [Fact]
    public void Typed_properties_write_librdkafka_names_and_values()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = "localhost:9092",
            Acks = Acks.All,
            LingerMs = 5,
            BatchSize = 16384,
            CompressionType = CompressionType.Lz4,
            SecurityProtocol = SecurityProtocol.SaslPlaintext,
            SaslMechanism = SaslMechanism.ScramSha256,
            MaxInFlight = 5,
            QueueBufferingMaxKbytes = 1024,
        };
        var dict = config.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("localhost:9092", dict["bootstrap.servers"]);
        Assert.Equal("all", dict["acks"]);
        Assert.Equal("5", dict["linger.ms"]);
        Assert.Equal("16384", dict["batch.size"]);
        Assert.Equal("lz4", dict["compression.type"]);
        Assert.Equal("sasl_plaintext", dict["security.protocol"]);
        Assert.Equal("SCRAM-SHA-256", dict["sasl.mechanism"]);
        Assert.Equal("5", dict["max.in.flight"]);
        Assert.Equal("1024", dict["queue.buffering.max.kbytes"]);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal(CompressionType.Lz4, config.CompressionType);
        Assert.Equal(SecurityProtocol.SaslPlaintext, config.SecurityProtocol);
        Assert.Equal(SaslMechanism.ScramSha256, config.SaslMechanism);
        Assert.Equal(5.0, config.LingerMs);
    }

    [Fact]
    public void Consumer_enums_map_to_rdkafka_strings()
    {
        var config = new ConsumerConfig
        {
            GroupId = "g",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            EnableAutoCommit = false,
        };
        Assert.Equal("earliest", config.Get("auto.offset.reset"));
        Assert.Equal("read_committed", config.Get("isolation.level"));
        Assert.Equal("cooperative-sticky", config.Get("partition.assignment.strategy"));
        Assert.Equal("false", config.Get("enable.auto.commit"));
        Assert.Equal(AutoOffsetReset.Earliest, config.AutoOffsetReset);
        Assert.Equal(IsolationLevel.ReadCommitted, config.IsolationLevel);
        Assert.Equal(PartitionAssignmentStrategy.CooperativeSticky, config.PartitionAssignmentStrategy);
        Assert.False(config.EnableAutoCommit);
        config.Set("auto.offset.reset", "smallest");
        Assert.Equal(AutoOffsetReset.Earliest, config.AutoOffsetReset);
    }

    [Fact]
    public void Untyped_properties_collection_initialisers_and_unset()
    {
        var config = new ClientConfig { { "socket.keepalive.enable", "true" } };
        config["client.id"] = "me";
        Assert.Equal("me", config.ClientId);
        Assert.Equal("true", config["socket.keepalive.enable"]);
        config.ClientId = null;
        Assert.Null(config.Get("client.id"));
        Assert.Null(new ConsumerConfig().GroupId);
        var copy = new ProducerConfig(config);
        Assert.Equal("true", copy.Get("socket.keepalive.enable"));
    }

    [Fact]
    public void Validation_fills_librdkafka_defaults_and_resolves_aliases()
    {
        var resolved = ConfigValidator.Validate(new ProducerConfig { LingerMs = 20, Acks = Acks.Leader });
        Assert.Equal(20, resolved.GetDouble("queue.buffering.max.ms"));
        Assert.Equal(20, resolved.GetDouble("linger.ms"));
        Assert.Equal(1, resolved.GetInt32("acks"));
        Assert.Equal(1000000, resolved.GetInt32("batch.size"));
        Assert.Equal(10000, resolved.GetInt32("batch.num.messages"));
        Assert.Equal(300000, resolved.GetInt32("message.timeout.ms"));
        Assert.Equal(30000, resolved.GetInt32("request.timeout.ms"));
        Assert.Equal(1048576, resolved.GetInt32("queue.buffering.max.kbytes"));
        Assert.Equal(500, resolved.GetInt32("fetch.wait.max.ms"));
        Assert.Equal(45000, resolved.GetInt32("session.timeout.ms"));
        Assert.Equal("none", resolved.GetString("compression.type"));
        Assert.Equal("range,roundrobin", resolved.GetString("partition.assignment.strategy"));
        Assert.True(resolved.GetBoolean("enable.idempotence"));
        Assert.Equal(-1, ConfigValidator.Validate(new ProducerConfig()).GetInt32("acks"));
    }

    [Fact]
    public void Validation_accepts_java_aliases_librdkafka_knows()
    {
        var resolved = ConfigValidator.Validate(new Dictionary<string, string>
        {
            ["metadata.broker.list"] = "h:1",
            ["acks"] = "all",
            ["retries"] = "3",
            ["delivery.timeout.ms"] = "1000",
            ["compression.type"] = "GZIP",
        });
        Assert.Equal("h:1", resolved.GetString("bootstrap.servers"));
        Assert.Equal(-1, resolved.GetInt32("request.required.acks"));
        Assert.Equal(3, resolved.GetInt32("message.send.max.retries"));
        Assert.Equal(1000, resolved.GetInt32("message.timeout.ms"));
        Assert.Equal("gzip", resolved.GetString("compression.codec"));
    }

    [Theory]
    [InlineData("no.such.property", "1", "no.such.property")]
    [InlineData("linger.ms", "-1", "linger.ms")]
    [InlineData("linger.ms", "abc", "linger.ms")]
    [InlineData("batch.num.messages", "0", "batch.num.messages")]
    [InlineData("message.max.bytes", "999", "message.max.bytes")]
    [InlineData("enable.idempotence", "yes", "enable.idempotence")]
    [InlineData("compression.type", "brotli", "compression.type")]
    [InlineData("auto.offset.reset", "middle", "auto.offset.reset")]
    [InlineData("partition.assignment.strategy", "range,sticky", "partition.assignment.strategy")]
    [InlineData("acks", "some", "acks")]
    public void Validation_rejects_unknown_names_and_bad_values_naming_the_property(string key, string value, string named)
    {
        var config = new ClientConfig { [key] = value };
        var ex = Assert.Throws<ArgumentException>(() => ConfigValidator.Validate(config));
        Assert.Contains($"\"{named}\"", ex.Message, StringComparison.Ordinal);
    }
}
