// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;
using Granary.IntegrationTests.Security;
using Granary.Protocol.Framing;
using Xunit;

namespace Granary.InteropTests.Security;

/// <summary>Granary.Client's producer, consumer and admin client over TLS and SASL, and its typed failures.</summary>
public sealed class ClientSecurityTests : IClassFixture<SecureSilo>
{
    private readonly SecureSilo _silo;

    public ClientSecurityTests(SecureSilo silo) => _silo = silo;

    public static TheoryData<string, string?> Modes => new()
    {
        { "SSL", null },
        { "SASL_PLAINTEXT", "PLAIN" },
        { "SASL_SSL", "SCRAM-SHA-256" },
        { "SASL_SSL", "SCRAM-SHA-512" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Producer_consumer_and_admin_work(string listener, string? mechanism)
    {
        var topic = $"client-{listener}-{mechanism ?? "tls"}".ToLowerInvariant().Replace('_', '-');
        // The last value makes a batch larger than the request's own bytes, which the client sends as separate
        // segments (over TLS one write each) instead of copying it into the frame.
        string[] expected = ["v0", "v1", "v2", "v3", new string('v', 3 * SegmentedFrame.MinimumReferenceLength)];
        var producerConfig = new ProducerConfig { AllowAutoCreateTopics = true };
        Configure(producerConfig, listener, mechanism);
        using (var producer = new ProducerBuilder<string, string>(producerConfig).Build())
        {
            foreach (var value in expected)
            {
                var delivered = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = value });
                Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
            }
        }

        var consumerConfig = new ConsumerConfig { GroupId = topic + "-group", AutoOffsetReset = AutoOffsetReset.Earliest };
        Configure(consumerConfig, listener, mechanism);
        using (var consumer = new ConsumerBuilder<string, string>(consumerConfig).Build())
        {
            consumer.Subscribe(topic);
            var values = new List<string>();
            for (var attempt = 0; attempt < 100 && values.Count < 5; attempt++)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } result)
                {
                    values.Add(result.Message?.Value ?? string.Empty);
                }
            }

            Assert.Equal(expected, values);
            consumer.Close();
        }

        var adminConfig = new AdminClientConfig();
        Configure(adminConfig, listener, mechanism);
        using var admin = new AdminClientBuilder(adminConfig).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        var broker = Assert.Single(metadata.Brokers);
        Assert.Equal(Port(listener), broker.Port);
        Assert.Single(metadata.Topics, t => t.Topic == topic);
    }

    [Fact]
    public async Task A_wrong_password_fails_with_a_non_retriable_SaslAuthenticationFailed()
    {
        var config = new ProducerConfig { MessageTimeoutMs = 20000 };
        Configure(config, "SASL_SSL", "SCRAM-SHA-256");
        config.SaslPassword = "wrong";
        var errors = new List<Error>();
        using var producer = new ProducerBuilder<string, string>(config).SetErrorHandler((_, e) => { lock (errors) { errors.Add(e); } }).Build();
        var ex = await Assert.ThrowsAnyAsync<KafkaException>(() => producer.ProduceAsync("client-wrong-password", new Message<string, string> { Value = "x" }));
        Assert.Equal(ErrorCode.SaslAuthenticationFailed, ex.Error.Code);

        var adminConfig = new AdminClientConfig();
        Configure(adminConfig, "SASL_PLAINTEXT", "PLAIN");
        adminConfig.SaslPassword = "wrong";
        using var admin = new AdminClientBuilder(adminConfig).Build();
        var adminError = Assert.ThrowsAny<KafkaException>(() => admin.GetMetadata(TimeSpan.FromSeconds(10)));
        Assert.Equal(ErrorCode.SaslAuthenticationFailed, adminError.Error.Code);
    }

    [Fact]
    public void A_TLS_client_with_the_wrong_CA_fails_verification()
    {
        var config = new AdminClientConfig
        {
            BootstrapServers = $"127.0.0.1:{_silo.SslPort}",
            SecurityProtocol = SecurityProtocol.Ssl,
            SslCaLocation = _silo.Certificates.OtherCaPem,
        };
        using var admin = new AdminClientBuilder(config).Build();
        var ex = Assert.ThrowsAny<KafkaException>(() => admin.GetMetadata(TimeSpan.FromSeconds(10)));
        Assert.Equal(ErrorCode.Local_Ssl, ex.Error.Code);
    }

    [Fact]
    public void An_unsupported_mechanism_fails_at_Build_naming_the_property()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = $"127.0.0.1:{_silo.SaslPlaintextPort}",
            SecurityProtocol = SecurityProtocol.SaslPlaintext,
            SaslMechanism = SaslMechanism.Gssapi,
            SaslUsername = "u",
        };
        var ex = Assert.Throws<ArgumentException>(() => new ProducerBuilder<string, string>(config).Build());
        Assert.Contains("sasl.mechanisms", ex.Message, StringComparison.Ordinal);
    }

    private void Configure(ClientConfig config, string listener, string? mechanism)
    {
        config.BootstrapServers = $"127.0.0.1:{Port(listener)}";
        config.SecurityProtocol = listener switch
        {
            "SSL" => SecurityProtocol.Ssl,
            "SASL_PLAINTEXT" => SecurityProtocol.SaslPlaintext,
            _ => SecurityProtocol.SaslSsl,
        };
        if (listener.EndsWith("SSL", StringComparison.Ordinal))
        {
            config.SslCaLocation = _silo.Certificates.CaPem;
        }

        if (mechanism is not null)
        {
            config.SaslMechanism = mechanism switch
            {
                "PLAIN" => SaslMechanism.Plain,
                "SCRAM-SHA-256" => SaslMechanism.ScramSha256,
                _ => SaslMechanism.ScramSha512,
            };
            config.SaslUsername = mechanism == "PLAIN" ? SecureSilo.PlainUser : SecureSilo.ScramUser;
            config.SaslPassword = mechanism == "PLAIN" ? SecureSilo.PlainPassword : SecureSilo.ScramPassword;
        }
    }

    private int Port(string listener) => listener switch
    {
        "SSL" => _silo.SslPort,
        "SASL_PLAINTEXT" => _silo.SaslPlaintextPort,
        _ => _silo.SaslSslPort,
    };
}
