// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Granary.Silo.Security;

namespace Granary.Silo.Configuration;

/// <summary>Builds <see cref="SecuritySettings"/> from the security entries of the Broker section, naming the key of every problem.</summary>
public static partial class SecuritySettingsLoader
{
    private const string DefaultProtocolMap = "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL";

    private static readonly string[] SupportedMechanisms = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"];

    /// <param name="entries">Security settings by name (case-insensitive).</param>
    /// <param name="listener">The Listener section, used when <c>listeners</c> is not set.</param>
    /// <param name="errors">Receives one line per problem.</param>
    public static SecuritySettings Load(IReadOnlyDictionary<string, string> entries, ListenerOptions listener, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(errors);
        var scram = LoadScram(entries, errors);
        if (entries.TryGetValue(SecurityConfigKeys.MaxReauthMs, out var reauth) && reauth.Trim() != "0")
        {
            errors.Add($"{SecurityConfigKeys.MaxReauthMs}: only 0 (no re-authentication) is supported, got '{reauth}'");
        }

        var protocols = ParseProtocolMap(entries.TryGetValue(SecurityConfigKeys.ProtocolMap, out var map) ? map : DefaultProtocolMap, errors);
        List<(string Name, string Host, int Port)> endpoints;
        if (entries.TryGetValue(SecurityConfigKeys.Listeners, out var listenersText))
        {
            endpoints = ParseEndpoints(listenersText, SecurityConfigKeys.Listeners, bind: true, errors);
            if (endpoints.Count == 0)
            {
                errors.Add($"{SecurityConfigKeys.Listeners}: must name at least one listener, got '{listenersText}'");
            }
        }
        else
        {
            endpoints = [("PLAINTEXT", listener.Host, listener.Port)];
        }

        var advertised = entries.TryGetValue(SecurityConfigKeys.AdvertisedListeners, out var advertisedText)
            ? ParseEndpoints(advertisedText, SecurityConfigKeys.AdvertisedListeners, bind: false, errors)
            : [];

        var result = new List<KafkaListener>();
        foreach (var (name, host, port) in endpoints)
        {
            if (result.Any(l => l.Name == name))
            {
                errors.Add($"{SecurityConfigKeys.Listeners}: listener name '{name}' appears twice");
                continue;
            }

            if (port != 0 && result.Any(l => l.Port == port))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SecurityConfigKeys.Listeners}: port {port} is used by two listeners"));
                continue;
            }

            if (!protocols.TryGetValue(name, out var protocol))
            {
                errors.Add($"{SecurityConfigKeys.ProtocolMap}: no security protocol for listener '{name}' (add {name}:PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL)");
                continue;
            }

            (string? Value, string Key) Get(string key) => Lookup(entries, name, key);
            var isTls = protocol is ListenerSecurityProtocol.Ssl or ListenerSecurityProtocol.SaslSsl;
            var isSasl = protocol is ListenerSecurityProtocol.SaslPlaintext or ListenerSecurityProtocol.SaslSsl;
            var kafkaListener = new KafkaListener
            {
                Name = name,
                Protocol = protocol,
                Host = host,
                Port = port,
                Tls = isTls ? LoadTls(Get, name, errors) : null,
                Sasl = isSasl ? LoadSasl(Get, name, scram, errors) : null,
            };

            if (!entries.ContainsKey(SecurityConfigKeys.Listeners))
            {
                kafkaListener.AdvertisedHost = listener.AdvertisedHost;
                kafkaListener.AdvertisedPort = listener.AdvertisedPort;
            }

            result.Add(kafkaListener);
        }

        foreach (var (name, host, port) in advertised)
        {
            if (result.FirstOrDefault(l => l.Name == name) is not { } target)
            {
                errors.Add($"{SecurityConfigKeys.AdvertisedListeners}: '{name}' is not one of the listeners");
                continue;
            }

            target.AdvertisedHost = host;
            target.AdvertisedPort = port;
        }

        return new SecuritySettings(result, scram);
    }

    private static (string? Value, string Key) Lookup(IReadOnlyDictionary<string, string> entries, string listener, string key)
    {
        var prefixed = $"{SecurityConfigKeys.ListenerPrefix}{listener.ToLowerInvariant()}.{key}";
        return entries.TryGetValue(prefixed, out var value) ? (value, prefixed) : (entries.GetValueOrDefault(key), key);
    }

    private static TlsSettings? LoadTls(Func<string, (string? Value, string Key)> get, string listener, List<string> errors)
    {
        var before = errors.Count;
        var keystore = TlsCertificateLoader.LoadKeystore(get, errors);
        var (clientAuthText, clientAuthKey) = get("ssl.client.auth");
        var clientAuth = TlsClientAuth.None;
        switch (clientAuthText?.Trim().ToLowerInvariant())
        {
            case null or "none":
                break;
            case "requested":
                clientAuth = TlsClientAuth.Requested;
                break;
            case "required":
                clientAuth = TlsClientAuth.Required;
                break;
            default:
                errors.Add($"{clientAuthKey}: must be none, requested or required, got '{clientAuthText}'");
                break;
        }

        var trusted = TlsCertificateLoader.LoadTruststore(get, errors);
        if (keystore is not { } store || errors.Count > before)
        {
            if (errors.Count == before)
            {
                errors.Add($"listener {listener}: TLS settings are incomplete");
            }

            return null;
        }

        return new TlsSettings { Certificate = store.Certificate, Chain = store.Chain, ClientAuth = clientAuth, TrustedCertificates = trusted };
    }

    private static SaslSettings? LoadSasl(Func<string, (string? Value, string Key)> get, string listener, ScramCredentialStore scram, List<string> errors)
    {
        var (mechanismsText, mechanismsKey) = get(SecurityConfigKeys.EnabledMechanisms);
        var plainUsers = new Dictionary<string, string>(StringComparer.Ordinal);
        var (jaas, jaasKey) = get("plain." + SecurityConfigKeys.JaasConfig);
        if (jaas is null)
        {
            (jaas, jaasKey) = get(SecurityConfigKeys.JaasConfig);
        }

        if (jaas is not null)
        {
            if (JaasConfig.TryParseOptions(jaas, out var jaasError) is { } options)
            {
                plainUsers = JaasConfig.PlainUsers(options);
            }
            else
            {
                errors.Add($"{jaasKey}: {jaasError}");
            }
        }

        List<string> mechanisms;
        if (mechanismsText is null)
        {
            // Kafka's default (GSSAPI) is not offered; enable the mechanisms that have credentials.
            mechanisms = [];
            if (plainUsers.Count > 0)
            {
                mechanisms.Add("PLAIN");
            }

            mechanisms.AddRange(new[] { ScramMechanism.Sha256, ScramMechanism.Sha512 }.Where(scram.HasAny).Select(m => m.Name));
            if (mechanisms.Count == 0)
            {
                errors.Add($"{mechanismsKey}: listener {listener} uses SASL but no credentials are configured "
                    + $"(set listener.name.{listener.ToLowerInvariant()}.plain.sasl.jaas.config with user_NAME=\"PASSWORD\" entries, or scram.credential.SCRAM-SHA-256.NAME)");
                return null;
            }
        }
        else
        {
            mechanisms = [.. mechanismsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.ToUpperInvariant()).Distinct()];
            foreach (var mechanism in mechanisms)
            {
                if (!SupportedMechanisms.Contains(mechanism, StringComparer.Ordinal))
                {
                    errors.Add($"{mechanismsKey}: unsupported mechanism '{mechanism}' (allowed: {string.Join(", ", SupportedMechanisms)})");
                }
            }

            if (mechanisms.Count == 0)
            {
                errors.Add($"{mechanismsKey}: must name at least one mechanism, got '{mechanismsText}'");
            }

            if (mechanisms.Contains("PLAIN") && plainUsers.Count == 0)
            {
                errors.Add($"listener.name.{listener.ToLowerInvariant()}.plain.{SecurityConfigKeys.JaasConfig}: PLAIN is enabled on listener {listener} but no user_NAME=\"PASSWORD\" entries are configured");
            }
        }

        return new SaslSettings { EnabledMechanisms = mechanisms, PlainUsers = plainUsers, Scram = scram };
    }

    private static ScramCredentialStore LoadScram(IReadOnlyDictionary<string, string> entries, List<string> errors)
    {
        var store = new ScramCredentialStore();
        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!key.StartsWith(SecurityConfigKeys.ScramCredentialPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = key[SecurityConfigKeys.ScramCredentialPrefix.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            var mechanism = dot > 0 ? ScramMechanism.Find(rest[..dot]) : null;
            if (mechanism is null || dot == rest.Length - 1)
            {
                errors.Add($"{key}: expected {SecurityConfigKeys.ScramCredentialPrefix}SCRAM-SHA-256.USER or {SecurityConfigKeys.ScramCredentialPrefix}SCRAM-SHA-512.USER");
                continue;
            }

            var user = rest[(dot + 1)..];
            if (ParseScram(mechanism, value, key, errors) is { } credential)
            {
                store.Set(user, credential);
            }
        }

        return store;
    }

    /// <summary>
    /// Kafka's stored form <c>salt=B64,stored_key=B64,server_key=B64,iterations=N</c>, or kafka-configs'
    /// <c>iterations=N,password=SECRET</c> (salted here at start-up; the password is not kept).
    /// </summary>
    private static ScramCredential? ParseScram(ScramMechanism mechanism, string value, string key, List<string> errors)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add($"{key}: expected salt=..,stored_key=..,server_key=..,iterations=N or password=..[,iterations=N]");
                return null;
            }

            fields[part[..equals]] = part[(equals + 1)..];
        }

        var iterations = ScramMechanism.MinIterations;
        if (fields.TryGetValue("iterations", out var iterationsText)
            && (!int.TryParse(iterationsText, NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
                || iterations < ScramMechanism.MinIterations || iterations > ScramMechanism.MaxIterations))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{key}: iterations must be an integer in [{ScramMechanism.MinIterations}, {ScramMechanism.MaxIterations}], got '{iterationsText}'"));
            return null;
        }

        if (fields.TryGetValue("password", out var password))
        {
            return ScramCredential.Create(mechanism, password, iterations);
        }

        try
        {
            if (fields.TryGetValue("salt", out var salt) && fields.TryGetValue("stored_key", out var storedKey) && fields.TryGetValue("server_key", out var serverKey))
            {
                return new ScramCredential(mechanism, Convert.FromBase64String(salt), iterations, Convert.FromBase64String(storedKey), Convert.FromBase64String(serverKey));
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            errors.Add($"{key}: {ex.Message}");
            return null;
        }

        errors.Add($"{key}: expected salt=..,stored_key=..,server_key=..,iterations=N or password=..[,iterations=N]");
        return null;
    }

    private static Dictionary<string, ListenerSecurityProtocol> ParseProtocolMap(string text, List<string> errors)
    {
        var map = new Dictionary<string, ListenerSecurityProtocol>(StringComparer.Ordinal);
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            ListenerSecurityProtocol? protocol = colon <= 0 ? null : entry[(colon + 1)..].Trim().ToUpperInvariant() switch
            {
                "PLAINTEXT" => ListenerSecurityProtocol.Plaintext,
                "SSL" => ListenerSecurityProtocol.Ssl,
                "SASL_PLAINTEXT" => ListenerSecurityProtocol.SaslPlaintext,
                "SASL_SSL" => ListenerSecurityProtocol.SaslSsl,
                _ => null,
            };

            if (protocol is null)
            {
                errors.Add($"{SecurityConfigKeys.ProtocolMap}: expected NAME:PROTOCOL with PROTOCOL one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, got '{entry}'");
                continue;
            }

            map[entry[..colon].Trim().ToUpperInvariant()] = protocol.Value;
        }

        return map;
    }

    private static List<(string Name, string Host, int Port)> ParseEndpoints(string text, string key, bool bind, List<string> errors)
    {
        var endpoints = new List<(string, string, int)>();
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = EndpointPattern().Match(entry);
            if (!match.Success)
            {
                errors.Add($"{key}: expected NAME://HOST:PORT, got '{entry}'");
                continue;
            }

            var host = match.Groups["host"].Value.Trim('[', ']');
            if (!int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535 || (!bind && port == 0))
            {
                errors.Add($"{key}: port must be in [{(bind ? 0 : 1)}, 65535], got '{entry}'");
                continue;
            }

            if (bind)
            {
                host = host.Length == 0 ? "0.0.0.0" : host;
                if (!string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(host, out _))
                {
                    errors.Add($"{key}: host must be an IP address, 'localhost' or empty (every interface), got '{entry}'");
                    continue;
                }
            }
            else if (host.Length == 0)
            {
                errors.Add($"{key}: host must not be empty, got '{entry}'");
                continue;
            }

            endpoints.Add((match.Groups["name"].Value.ToUpperInvariant(), host, port));
        }

        return endpoints;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_]+)://(?<host>\[[^\]]*\]|[^:\[\]]*):(?<port>[0-9]{1,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex EndpointPattern();
}
