// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Granary.IntegrationTests.Infrastructure;

namespace Granary.IntegrationTests.Security;

/// <summary>
/// A throw-away PKI written to a temp directory: a CA, a server certificate for localhost/127.0.0.1 (as a PEM
/// keystore and a PKCS12 keystore), a client certificate, and an unrelated CA for "wrong CA" tests.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public const string KeystorePassword = "keystore-secret";

    private readonly TempDirectory _directory = new();

    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateCa("CN=Granary Test CA", caKey);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = CreateCa("CN=Unrelated CA", otherKey);
        using var server = Issue(ca, "CN=localhost", serverAuth: true);
        using var client = Issue(ca, "CN=granary-client", serverAuth: false);

        CaPem = Write("ca.pem", ca.ExportCertificatePem());
        OtherCaPem = Write("other-ca.pem", other.ExportCertificatePem());
        ServerKeystorePem = Write("server-keystore.pem", server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n" + server.ExportCertificatePem() + "\n" + ca.ExportCertificatePem());
        ServerKeystoreP12 = Path.Combine(_directory.Path, "server.p12");
        File.WriteAllBytes(ServerKeystoreP12, server.Export(X509ContentType.Pkcs12, KeystorePassword));
        ClientCertificatePem = Write("client.pem", client.ExportCertificatePem());
        ClientKeyPem = Write("client.key", client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public string Directory => _directory.Path;

    public string CaPem { get; }

    public string OtherCaPem { get; }

    /// <summary>Private key, server certificate and CA certificate in one PEM file (Kafka's PEM keystore layout).</summary>
    public string ServerKeystorePem { get; }

    public string ServerKeystoreP12 { get; }

    public string ClientCertificatePem { get; }

    public string ClientKeyPem { get; }

    public void Dispose() => _directory.Dispose();

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static X509Certificate2 CreateCa(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(NotBefore(), NotAfter().AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool serverAuth)
    {
        // Not disposed: the returned certificate uses this key.
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var issued = request.Create(ca, NotBefore(), NotAfter(), serial);
        return issued.CopyWithPrivateKey(key);
    }

    // The TLS handshake checks validity against the real clock, so the window is set from it (a wide margin).
    private static DateTimeOffset NotBefore() => TimeProvider.System.GetUtcNow().AddDays(-1);

    private static DateTimeOffset NotAfter() => TimeProvider.System.GetUtcNow().AddDays(7);
}
