// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Granary.Silo.Security;

/// <summary>Loads keystores and truststores in Kafka's PKCS12 and PEM forms (JKS is not readable by .NET).</summary>
public static class TlsCertificateLoader
{
    /// <summary>Loads the server certificate with its private key and the chain after it.</summary>
    /// <param name="get">Looks up a setting by its un-prefixed Kafka name; returns the value and the key it came from.</param>
    /// <param name="errors">Receives one message per problem, naming the key.</param>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Chain)? LoadKeystore(
        Func<string, (string? Value, string Key)> get, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(errors);
        var (type, typeKey) = get("ssl.keystore.type");
        var (location, locationKey) = get("ssl.keystore.location");
        var (password, _) = get("ssl.keystore.password");
        var (keyPassword, _) = get("ssl.key.password");
        var (chainPem, chainKey) = get("ssl.keystore.certificate.chain");
        var (keyPem, keyKey) = get("ssl.keystore.key");
        type = (type ?? (chainPem is not null ? "PEM" : "PKCS12")).Trim().ToUpperInvariant();
        try
        {
            switch (type)
            {
                case "PKCS12":
                    if (string.IsNullOrWhiteSpace(location))
                    {
                        errors.Add($"{locationKey}: required for a TLS listener (PKCS12 keystore file)");
                        return null;
                    }

                    if (!File.Exists(location))
                    {
                        errors.Add($"{locationKey}: file not found, got '{location}'");
                        return null;
                    }

                    var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(location, password ?? keyPassword, X509KeyStorageFlags.EphemeralKeySet);
                    return Split(all, locationKey, errors);
                case "PEM":
                    string text;
                    string source;
                    if (chainPem is not null || keyPem is not null)
                    {
                        if (chainPem is null || keyPem is null)
                        {
                            errors.Add($"{(chainPem is null ? chainKey : keyKey)}: required with {(chainPem is null ? keyKey : chainKey)} (PEM keystore)");
                            return null;
                        }

                        text = chainPem + "\n" + keyPem;
                        source = chainKey;
                    }
                    else if (string.IsNullOrWhiteSpace(location))
                    {
                        errors.Add($"{locationKey}: required for a TLS listener (a PEM file with the private key and certificate chain, or set {chainKey} and {keyKey})");
                        return null;
                    }
                    else if (!File.Exists(location))
                    {
                        errors.Add($"{locationKey}: file not found, got '{location}'");
                        return null;
                    }
                    else
                    {
                        text = File.ReadAllText(location);
                        source = locationKey;
                    }

                    return LoadPem(text, keyPassword, source, errors);
                default:
                    errors.Add($"{typeKey}: must be PKCS12 or PEM (JKS keystores: convert with keytool -importkeystore -deststoretype PKCS12), got '{type}'");
                    return null;
            }
        }
        catch (CryptographicException ex)
        {
            errors.Add($"{locationKey}: cannot read the keystore ({ex.Message.Trim()})");
            return null;
        }
    }

    /// <summary>Loads the CA certificates trusted for client certificates; empty when none is configured.</summary>
    public static X509Certificate2Collection LoadTruststore(Func<string, (string? Value, string Key)> get, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(errors);
        var (type, typeKey) = get("ssl.truststore.type");
        var (location, locationKey) = get("ssl.truststore.location");
        var (password, _) = get("ssl.truststore.password");
        var (inline, _) = get("ssl.truststore.certificates");
        var trusted = new X509Certificate2Collection();
        type = (type ?? (inline is not null ? "PEM" : "PKCS12")).Trim().ToUpperInvariant();
        try
        {
            if (inline is not null)
            {
                trusted.ImportFromPem(inline);
            }
            else if (!string.IsNullOrWhiteSpace(location))
            {
                if (!File.Exists(location))
                {
                    errors.Add($"{locationKey}: file not found, got '{location}'");
                    return trusted;
                }

                switch (type)
                {
                    case "PEM":
                        trusted.ImportFromPemFile(location);
                        break;
                    case "PKCS12":
                        trusted.AddRange(X509CertificateLoader.LoadPkcs12CollectionFromFile(location, password, X509KeyStorageFlags.EphemeralKeySet));
                        break;
                    default:
                        errors.Add($"{typeKey}: must be PKCS12 or PEM, got '{type}'");
                        break;
                }
            }
        }
        catch (CryptographicException ex)
        {
            errors.Add($"{locationKey}: cannot read the truststore ({ex.Message.Trim()})");
        }

        return trusted;
    }

    private static (X509Certificate2, X509Certificate2Collection)? LoadPem(string text, string? keyPassword, string source, List<string> errors)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(text);
        if (chain.Count == 0)
        {
            errors.Add($"{source}: no CERTIFICATE block found");
            return null;
        }

        var leaf = string.IsNullOrEmpty(keyPassword)
            ? X509Certificate2.CreateFromPem(text, text)
            : X509Certificate2.CreateFromEncryptedPem(text, text, keyPassword);
        chain.RemoveAt(0);
        return (leaf, chain);
    }

    private static (X509Certificate2, X509Certificate2Collection)? Split(X509Certificate2Collection all, string source, List<string> errors)
    {
        var leaf = all.FirstOrDefault(c => c.HasPrivateKey);
        if (leaf is null)
        {
            errors.Add($"{source}: the keystore holds no certificate with a private key");
            return null;
        }

        var chain = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (!ReferenceEquals(certificate, leaf))
            {
                chain.Add(certificate);
            }
        }

        return (leaf, chain);
    }
}
