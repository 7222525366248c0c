// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.IntegrationTests.Infrastructure;
using Granary.Silo.Configuration;
using Granary.Silo.Hosting;
using Granary.Silo.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Granary.IntegrationTests.Security;

/// <summary>
/// An in-process silo with PLAINTEXT, SSL, SASL_PLAINTEXT and SASL_SSL listeners on free ports: PLAIN user alice,
/// SCRAM-SHA-256 and SCRAM-SHA-512 user bob, certificates from <see cref="TestCertificates"/> (PEM keystore).
/// </summary>
public sealed class SecureSilo : IAsyncLifetime
{
    public const string PlainUser = "alice";
    public const string PlainPassword = "alice-secret";
    public const string ScramUser = "bob";
    public const string ScramPassword = "bob-secret";

    private readonly TempDirectory _data = new();
    private WebApplication? _app;

    public TestCertificates Certificates { get; } = new();

    public IServiceProvider Services => _app!.Services;

    public int PlaintextPort => Port("PLAINTEXT");

    public int SslPort => Port("SSL");

    public int SaslPlaintextPort => Port("SASL_PLAINTEXT");

    public int SaslSslPort => Port("SASL_SSL");

    public string DataDirectory => _data.Path;

    public static string[] SecurityArguments(TestCertificates certificates) =>
    [
        "--override", "listeners=PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0",
        "--override", "ssl.keystore.type=PEM",
        "--override", $"ssl.keystore.location={certificates.ServerKeystorePem}",
        "--override", $"listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_{PlainUser}=\"{PlainPassword}\";",
        "--override", $"listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_{PlainUser}=\"{PlainPassword}\";",
        "--override", $"scram.credential.SCRAM-SHA-256.{ScramUser}=password={ScramPassword},iterations=4096",
        "--override", $"scram.credential.SCRAM-SHA-512.{ScramUser}=password={ScramPassword}",
        "--override", "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
    ];

    public async Task InitializeAsync()
    {
        string[] args =
        [
            "--data-dir", _data.Path, "--Logging:LogLevel:Default=Warning", .. SecurityArguments(Certificates),
        ];
        _app = SiloHost.CreateBuilder(args).Build();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Certificates.Dispose();
        _data.Dispose();
    }

    private int Port(string listener) =>
        Services.GetRequiredService<SecuritySettings>().Listeners.Single(l => l.Name == listener).Port;

    internal KafkaListener Listener(string name) => Services.GetRequiredService<SecuritySettings>().Listeners.Single(l => l.Name == name);
}
