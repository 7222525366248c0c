// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Silo.Configuration;
using Granary.Silo.Hosting;
using Granary.Silo.Security;
using Xunit;

namespace Granary.IntegrationTests.Security;

/// <summary>Listener and security settings: what is accepted, and bad values failing at start naming the key.</summary>
public sealed class SecurityConfigTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void A_TLS_listener_without_a_keystore_fails_naming_the_key()
    {
        var errors = Errors("--override", "listeners=SSL://127.0.0.1:0");
        Assert.Contains(errors, e => e.StartsWith("ssl.keystore.location:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_keystore_file_fails_naming_the_key()
    {
        var errors = Errors("--override", "listeners=SSL://127.0.0.1:0", "--override", "listener.name.ssl.ssl.keystore.location=/nonexistent/ks.p12");
        Assert.Contains(errors, e => e.StartsWith("listener.name.ssl.ssl.keystore.location: file not found", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_mechanism_fails_naming_the_key()
    {
        var errors = Errors(
            "--override", "listeners=SASL_PLAINTEXT://127.0.0.1:0",
            "--override", "sasl.enabled.mechanisms=PLAIN,GSSAPI",
            "--override", "sasl.jaas.config=x required user_a=\"b\";");
        Assert.Contains(errors, e => e.StartsWith("sasl.enabled.mechanisms: unsupported mechanism 'GSSAPI'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_listener_without_a_protocol_mapping_fails_naming_the_key()
    {
        var errors = Errors("--override", "listeners=INTERNAL://127.0.0.1:0");
        Assert.Contains(errors, e => e.StartsWith("listener.security.protocol.map: no security protocol for listener 'INTERNAL'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_SASL_listener_without_credentials_fails()
    {
        var errors = Errors("--override", "listeners=SASL_PLAINTEXT://127.0.0.1:0");
        Assert.Contains(errors, e => e.StartsWith("sasl.enabled.mechanisms: listener SASL_PLAINTEXT uses SASL but no credentials", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_listeners_and_scram_credentials_fail_naming_the_key()
    {
        var errors = Errors(
            "--override", "listeners=PLAINTEXT:/127.0.0.1:9092",
            "--override", "scram.credential.SCRAM-SHA-256.carol=password=x,iterations=10");
        Assert.Contains(errors, e => e.StartsWith("listeners: expected NAME://HOST:PORT", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("scram.credential.SCRAM-SHA-256.carol: iterations must be an integer in [4096, 16384]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_PKCS12_keystore_with_required_client_auth_and_a_truststore_loads()
    {
        var builder = SiloHost.CreateBuilder(
        [
            "--data-dir", _certificates.Directory,
            "--override", "listeners=SSL://127.0.0.1:0,PLAINTEXT://127.0.0.1:0",
            "--override", "advertised.listeners=SSL://broker.example:19093",
            "--override", $"ssl.keystore.location={_certificates.ServerKeystoreP12}",
            "--override", $"ssl.keystore.password={TestCertificates.KeystorePassword}",
            "--override", "ssl.client.auth=required",
            "--override", "ssl.truststore.type=PEM",
            "--override", $"ssl.truststore.location={_certificates.CaPem}",
        ]);
        var settings = SiloSettings.Load(builder.Configuration);
        var ssl = settings.Security.Listeners[0];
        Assert.Equal(ListenerSecurityProtocol.Ssl, ssl.Protocol);
        Assert.Equal("CN=localhost", ssl.Tls!.Certificate.Subject);
        Assert.True(ssl.Tls.Certificate.HasPrivateKey);
        Assert.Equal(TlsClientAuth.Required, ssl.Tls.ClientAuth);
        Assert.Single(ssl.Tls.TrustedCertificates);
        Assert.Equal("broker.example:19093", $"{ssl.EffectiveAdvertisedHost}:{ssl.EffectiveAdvertisedPort}");
        Assert.Equal(ListenerSecurityProtocol.Plaintext, settings.Security.Listeners[1].Protocol);
    }

    [Fact]
    public void Without_listeners_the_default_is_one_plaintext_listener_from_host_and_port()
    {
        var settings = SiloSettings.Load(SiloHost.CreateBuilder(["--port", "9192", "--data-dir", _certificates.Directory]).Configuration);
        var only = Assert.Single(settings.Security.Listeners);
        Assert.Equal("PLAINTEXT", only.Name);
        Assert.Equal(9192, only.Port);
        Assert.Equal("127.0.0.1", only.Host);
    }

    [Fact]
    public void Stored_scram_credentials_authenticate_without_the_password_in_configuration()
    {
        var credential = ScramCredential.Create(ScramMechanism.Sha256, "dave-secret", 8192);
        var settings = SiloSettings.Load(SiloHost.CreateBuilder(
        [
            "--data-dir", _certificates.Directory,
            "--override", "listeners=SASL_PLAINTEXT://127.0.0.1:0",
            "--override", $"scram.credential.SCRAM-SHA-256.dave={credential.ToStoredForm()}",
        ]).Configuration);
        var listener = settings.Security.Listeners[0];
        Assert.Equal(["SCRAM-SHA-256"], listener.Sasl!.EnabledMechanisms);

        var server = new ScramSaslServer(ScramMechanism.Sha256, listener.Sasl.Scram);
        var client = new TestScramClient("SCRAM-SHA-256", "dave", "dave-secret");
        var first = server.Evaluate(Encoding.UTF8.GetBytes(client.ClientFirst));
        Assert.Equal(SaslStepStatus.Continue, first.Status);
        Assert.Contains(",i=8192", Encoding.UTF8.GetString(first.Challenge), StringComparison.Ordinal);
        var final = server.Evaluate(Encoding.UTF8.GetBytes(client.ClientFinal(Encoding.UTF8.GetString(first.Challenge))));
        Assert.Equal(SaslStepStatus.Complete, final.Status);
        Assert.Equal("dave", final.AuthenticatedUser);
        Assert.True(client.VerifyServerFinal(Encoding.UTF8.GetString(final.Challenge)));
    }

    [Fact]
    public void Sasl_servers_answer_random_tokens_with_failure_and_never_throw()
    {
        var random = new Random(17);
        var store = new ScramCredentialStore();
        store.Set("bob", ScramCredential.Create(ScramMechanism.Sha512, "pw"));
        var users = new Dictionary<string, string> { ["alice"] = "pw" };
        for (var i = 0; i < 2000; i++)
        {
            var token = new byte[random.Next(0, 200)];
            random.NextBytes(token);
            if (i % 4 == 1 && token.Length > 3)
            {
                "n,,"u8.CopyTo(token);
            }

            ISaslServer server = (i % 3) switch
            {
                0 => new PlainSaslServer(users),
                1 => new ScramSaslServer(ScramMechanism.Sha512, store),
                _ => new ScramSaslServer(ScramMechanism.Sha256, store),
            };
            var step = server.Evaluate(token);
            if (step.Status == SaslStepStatus.Continue)
            {
                step = server.Evaluate(token);
            }

            Assert.Equal(SaslStepStatus.Failed, step.Status);
        }
    }

    private static IReadOnlyList<string> Errors(params string[] args)
    {
        var ex = Assert.Throws<SiloConfigurationException>(() => SiloHost.CreateBuilder(["--data-dir", Path.GetTempPath(), .. args]));
        return ex.Errors;
    }
}
