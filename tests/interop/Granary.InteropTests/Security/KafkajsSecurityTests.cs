// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text.Json;
using Granary.IntegrationTests.Security;
using Granary.InteropTests.Infrastructure;
using Xunit;

namespace Granary.InteropTests.Security;

/// <summary>kafkajs 2.2.4 with its standard ssl and sasl options (PLAIN, SCRAM-SHA-256) producing and consuming in a group.</summary>
public sealed class KafkajsSecurityTests : IClassFixture<SecureSilo>
{
    private readonly SecureSilo _silo;

    public KafkajsSecurityTests(SecureSilo silo) => _silo = silo;

    [Theory]
    [InlineData("ssl", "", "", "")]
    [InlineData("sasl_plaintext", "plain", SecureSilo.PlainUser, SecureSilo.PlainPassword)]
    [InlineData("sasl_ssl", "scram-sha-256", SecureSilo.ScramUser, SecureSilo.ScramPassword)]
    [InlineData("sasl_ssl", "plain", SecureSilo.PlainUser, SecureSilo.PlainPassword)]
    public async Task Kafkajs_produces_and_consumes(string protocol, string mechanism, string user, string password)
    {
        var topic = $"kafkajs-{protocol}-{mechanism}".Replace('_', '-').TrimEnd('-');
        var result = await RunAsync(protocol, topic, mechanism, user, password);
        Assert.True(result.TryGetProperty("consumed", out var consumed), result.ToString());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{protocol}-{i}"), consumed.EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Kafkajs_with_a_wrong_password_gets_an_authentication_error()
    {
        var result = await RunAsync("sasl_ssl", "kafkajs-wrong", "scram-sha-256", SecureSilo.ScramUser, "wrong");
        Assert.True(result.TryGetProperty("error", out var error), result.ToString());
        Assert.Contains("SASL", error.GetProperty("name").GetString() + error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> RunAsync(string protocol, string topic, string mechanism, string user, string password)
    {
        var port = protocol switch
        {
            "ssl" => _silo.SslPort,
            "sasl_plaintext" => _silo.SaslPlaintextPort,
            _ => _silo.SaslSslPort,
        };
        var run = await ToolProcess.RunAsync(
            ToolProcess.NodePath,
            ["security.js", $"localhost:{port}", topic, protocol, _silo.Certificates.CaPem, mechanism, user, password],
            timeout: TimeSpan.FromSeconds(90),
            workingDirectory: Kafkajs.ScriptDirectory);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }
}
