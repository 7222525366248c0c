// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.IntegrationTests.Security;
using Xunit;

namespace Granary.InteropTests.Security;

/// <summary>kcat (librdkafka 2.0, OpenSSL, built-in SCRAM) against the SSL, SASL_PLAINTEXT and SASL_SSL listeners.</summary>
public sealed class KcatSecurityTests : IClassFixture<SecureSilo>
{
    private readonly SecureSilo _silo;

    public KcatSecurityTests(SecureSilo silo) => _silo = silo;

    [Fact]
    public async Task Kcat_is_built_with_ssl_and_sasl()
    {
        var version = await ToolProcess.RunAsync(ToolProcess.KcatPath, ["-V"]);
        var features = version.Stdout + version.Stderr;
        Assert.Contains("ssl", features, StringComparison.Ordinal);
        Assert.Contains("sasl_plain", features, StringComparison.Ordinal);
        Assert.Contains("sasl_scram", features, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[]> Modes => new()
    {
        { "SSL", ["-X", "security.protocol=SSL"] },
        { "SASL_PLAINTEXT", ["-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN", "-X", $"sasl.username={SecureSilo.PlainUser}", "-X", $"sasl.password={SecureSilo.PlainPassword}"] },
        { "SASL_PLAINTEXT", ["-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=SCRAM-SHA-512", "-X", $"sasl.username={SecureSilo.ScramUser}", "-X", $"sasl.password={SecureSilo.ScramPassword}"] },
        { "SASL_SSL", ["-X", "security.protocol=SASL_SSL", "-X", "sasl.mechanisms=SCRAM-SHA-256", "-X", $"sasl.username={SecureSilo.ScramUser}", "-X", $"sasl.password={SecureSilo.ScramPassword}"] },
        { "SASL_SSL", ["-X", "security.protocol=SASL_SSL", "-X", "sasl.mechanisms=PLAIN", "-X", $"sasl.username={SecureSilo.PlainUser}", "-X", $"sasl.password={SecureSilo.PlainPassword}"] },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Kcat_produces_and_consumes(string listener, string[] security)
    {
        var port = Port(listener);
        var mechanism = security.Length > 2 ? security[3].Split('=')[1] : "tls";
        var topic = $"kcat-{listener}-{mechanism}".ToLowerInvariant().Replace('_', '-');
        string[] tls = listener.EndsWith("SSL", StringComparison.Ordinal) ? ["-X", $"ssl.ca.location={_silo.Certificates.CaPem}"] : [];
        var produce = await ToolProcess.KcatWithInputAsync(port, "one\ntwo\nthree\n", ["-P", "-t", topic, .. security, .. tls]);
        Assert.True(produce.ExitCode == 0, produce.Stderr);

        var consume = await ToolProcess.KcatAsync(port, ["-C", "-t", topic, "-o", "beginning", "-e", "-q", .. security, .. tls]);
        Assert.True(consume.ExitCode == 0, consume.Stderr);
        Assert.Equal(["one", "two", "three"], consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Metadata answers with the endpoint of the listener the client is on.
        var metadata = await ToolProcess.KcatAsync(port, ["-L", "-t", topic, .. security, .. tls]);
        Assert.Contains($"broker 0 at 127.0.0.1:{port}", metadata.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kcat_with_a_wrong_password_fails_with_an_authentication_error()
    {
        var result = await ToolProcess.KcatAsync(_silo.SaslSslPort,
            "-L", "-m", "5", "-X", "security.protocol=SASL_SSL", "-X", "sasl.mechanisms=SCRAM-SHA-256", "-X", $"sasl.username={SecureSilo.ScramUser}",
            "-X", "sasl.password=wrong", "-X", $"ssl.ca.location={_silo.Certificates.CaPem}");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Authentication failed", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kcat_with_the_wrong_CA_fails_certificate_verification()
    {
        var result = await ToolProcess.KcatAsync(_silo.SslPort,
            "-L", "-m", "5", "-X", "security.protocol=SSL", "-X", $"ssl.ca.location={_silo.Certificates.OtherCaPem}");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("certificate verify failed", result.Stderr, StringComparison.Ordinal);
    }

    private int Port(string listener) => listener switch
    {
        "SSL" => _silo.SslPort,
        "SASL_PLAINTEXT" => _silo.SaslPlaintextPort,
        _ => _silo.SaslSslPort,
    };
}
