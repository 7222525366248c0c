// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Frozen;

namespace Granary.Client.Configuration;

/// <summary>
/// The properties Granary.Client knows, with librdkafka's names, ranges and defaults (CONFIGURATION.md), and
/// librdkafka's aliases (several are the Java client's names, e.g. linger.ms, acks, compression.type, retries).
/// </summary>
internal static class ConfigCatalog
{
    private const double IntMax = int.MaxValue;

    public static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["metadata.broker.list"] = "bootstrap.servers",
        ["linger.ms"] = "queue.buffering.max.ms",
        ["acks"] = "request.required.acks",
        ["compression.type"] = "compression.codec",
        ["retries"] = "message.send.max.retries",
        ["delivery.timeout.ms"] = "message.timeout.ms",
        ["max.in.flight"] = "max.in.flight.requests.per.connection",
        ["sasl.mechanism"] = "sasl.mechanisms",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, ConfigProperty> Properties = Build().ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>Maps an alias to its canonical name; other names are returned unchanged.</summary>
    public static string Canonical(string name) => Aliases.TryGetValue(name, out var canonical) ? canonical : name;

    private static IEnumerable<ConfigProperty> Build()
    {
        // Global (client) properties.
        yield return Str("bootstrap.servers");
        yield return Str("client.id", "rdkafka");
        yield return Int("message.max.bytes", 1000000, 1000, 1000000000);
        yield return Int("message.copy.max.bytes", 65535, 0, 1000000000);
        yield return Int("receive.message.max.bytes", 100000000, 1000, IntMax);
        yield return Int("max.in.flight.requests.per.connection", 1000000, 1, 1000000);
        yield return Int("metadata.max.age.ms", 900000, 1, 86400000);
        yield return Int("topic.metadata.refresh.interval.ms", 300000, -1, 3600000);
        yield return Int("topic.metadata.refresh.fast.interval.ms", 100, 1, 60000);
        yield return Bool("topic.metadata.refresh.sparse", true);
        yield return Int("topic.metadata.propagation.max.ms", 30000, 0, 3600000);
        yield return Str("debug");
        yield return Int("socket.timeout.ms", 60000, 10, 300000);
        yield return Int("socket.send.buffer.bytes", 0, 0, 100000000);
        yield return Int("socket.receive.buffer.bytes", 0, 0, 100000000);
        yield return Bool("socket.keepalive.enable", false);
        yield return Bool("socket.nagle.disable", false);
        yield return Int("socket.max.fails", 1, 0, 1000000);
        yield return Int("socket.connection.setup.timeout.ms", 30000, 1000, IntMax);
        yield return Int("connections.max.idle.ms", 0, 0, IntMax);
        yield return Int("broker.address.ttl", 1000, 0, 86400000);
        yield return Choice("broker.address.family", "any", "any", "v4", "v6");
        yield return Int("reconnect.backoff.ms", 100, 0, 3600000);
        yield return Int("reconnect.backoff.max.ms", 10000, 0, 3600000);
        yield return Int("statistics.interval.ms", 0, 0, 86400000);
        yield return Int("log_level", 6, 0, 7);
        yield return Bool("log.connection.close", true);
        yield return Bool("api.version.request", true);
        yield return Int("api.version.request.timeout.ms", 10000, 1, 300000);
        yield return Int("api.version.fallback.ms", 0, 0, 604800000);
        yield return Str("broker.version.fallback", "0.10.0");
        yield return Bool("allow.auto.create.topics", false);
        yield return Str("client.rack");
        yield return Int("retry.backoff.ms", 100, 1, 300000);
        yield return Int("retry.backoff.max.ms", 1000, 1, 300000);
        yield return Choice("security.protocol", "plaintext", "plaintext", "ssl", "sasl_plaintext", "sasl_ssl");
        yield return ChoiceCaseInsensitive("sasl.mechanisms", "GSSAPI", "GSSAPI", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");
        yield return Str("sasl.username");
        yield return Str("sasl.password");
        yield return Str("sasl.oauthbearer.config");
        yield return Str("ssl.ca.location");
        yield return Str("ssl.ca.pem");
        yield return Str("ssl.certificate.location");
        yield return Str("ssl.certificate.pem");
        yield return Str("ssl.key.location");
        yield return Str("ssl.key.pem");
        yield return Str("ssl.key.password");
        yield return Str("ssl.cipher.suites");
        yield return Bool("enable.ssl.certificate.verification", true);
        yield return Choice("ssl.endpoint.identification.algorithm", "https", "none", "https");
        yield return Str("dotnet.cancellation.delay.max.ms", "100");

        // Producer properties.
        yield return Str("transactional.id");
        yield return Int("transaction.timeout.ms", 60000, 1000, IntMax);

        // librdkafka defaults enable.idempotence to false; Granary's design turns it on (as the Java client does since 3.0).
        yield return Bool("enable.idempotence", true);
        yield return Bool("enable.gapless.guarantee", false);
        yield return Int("queue.buffering.max.messages", 100000, 0, IntMax);
        yield return Int("queue.buffering.max.kbytes", 1048576, 1, IntMax);
        yield return Dbl("queue.buffering.max.ms", 5, 0, 900000);
        yield return Int("message.send.max.retries", IntMax, 0, IntMax);
        yield return Int("batch.num.messages", 10000, 1, 1000000);
        yield return Int("batch.size", 1000000, 1, IntMax);
        yield return Bool("delivery.report.only.error", false);
        yield return Int("sticky.partitioning.linger.ms", 10, 0, 900000);
        yield return Acks();
        yield return Int("request.timeout.ms", 30000, 1, 900000);
        yield return Int("message.timeout.ms", 300000, 0, IntMax);

        // The Java client's bound on how long a send waits for buffer space (librdkafka has none); ProduceAsync uses it.
        yield return Int("max.block.ms", 60000, 0, IntMax);
        yield return Choice("partitioner", "consistent_random", "random", "consistent", "consistent_random", "murmur2", "murmur2_random", "fnv1a", "fnv1a_random");
        yield return Choice("compression.codec", "none", "none", "gzip", "snappy", "lz4", "zstd");
        yield return Int("compression.level", -1, -1, 12);
        yield return Bool("dotnet.producer.enable.background.poll", true);
        yield return Bool("dotnet.producer.enable.delivery.reports", true);
        yield return Str("dotnet.producer.delivery.report.fields", "all");

        // Consumer properties.
        yield return Str("group.id");
        yield return Str("group.instance.id");
        yield return ChoiceList("partition.assignment.strategy", "range,roundrobin", "range", "roundrobin", "cooperative-sticky");
        yield return Int("session.timeout.ms", 45000, 1, 3600000);
        yield return Int("heartbeat.interval.ms", 3000, 1, 3600000);
        yield return Str("group.protocol.type", "consumer");
        yield return Int("coordinator.query.interval.ms", 600000, 1, 3600000);
        yield return Int("max.poll.interval.ms", 300000, 1, 86400000);
        yield return Bool("enable.auto.commit", true);
        yield return Int("auto.commit.interval.ms", 5000, 0, 86400000);
        yield return Bool("enable.auto.offset.store", true);
        yield return Int("queued.min.messages", 100000, 1, 10000000);
        yield return Int("queued.max.messages.kbytes", 65536, 1, 2097151);
        yield return Int("fetch.wait.max.ms", 500, 0, 300000);
        yield return Int("fetch.queue.backoff.ms", 1000, 0, 300000);
        yield return Int("max.partition.fetch.bytes", 1048576, 1, 1000000000);
        yield return Int("fetch.max.bytes", 52428800, 0, 2147483135);
        yield return Int("fetch.min.bytes", 1, 1, 100000000);
        yield return Int("fetch.error.backoff.ms", 500, 0, 300000);
        yield return Choice("isolation.level", "read_committed", "read_uncommitted", "read_committed");
        yield return Bool("enable.partition.eof", false);
        yield return Bool("check.crcs", false);
        yield return Choice("auto.offset.reset", "largest", "smallest", "earliest", "beginning", "largest", "latest", "end", "error");
        yield return Str("dotnet.consumer.consume.result.fields", "all");
    }

    private static ConfigProperty Str(string name, string? def = null) => new(name, ConfigPropertyKind.String, def);

    private static ConfigProperty Int(string name, double def, double min, double max) =>
        new(name, ConfigPropertyKind.Integer, ((long)def).ToString(System.Globalization.CultureInfo.InvariantCulture), min, max);

    private static ConfigProperty Dbl(string name, double def, double min, double max) =>
        new(name, ConfigPropertyKind.Double, def.ToString(System.Globalization.CultureInfo.InvariantCulture), min, max);

    private static ConfigProperty Bool(string name, bool def) => new(name, ConfigPropertyKind.Boolean, def ? "true" : "false");

    private static ConfigProperty Choice(string name, string def, params string[] choices) => new(name, ConfigPropertyKind.Choice, def, Choices: choices);

    private static ConfigProperty ChoiceCaseInsensitive(string name, string def, params string[] choices) => Choice(name, def, choices);

    private static ConfigProperty ChoiceList(string name, string def, params string[] choices) => new(name, ConfigPropertyKind.Choice, def, Choices: choices, ChoiceList: true);

    // librdkafka's request.required.acks: -1..1000, with the names "all" (-1) and "none" (0) accepted too.
    private static ConfigProperty Acks() => new("request.required.acks", ConfigPropertyKind.Integer, "-1", -1, 1000);
}
