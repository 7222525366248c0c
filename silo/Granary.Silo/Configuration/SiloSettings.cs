// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;

namespace Granary.Silo.Configuration;

/// <summary>The validated settings of one silo, read from configuration (appsettings.json, GRANARY_ environment, command line).</summary>
public sealed class SiloSettings
{
    private SiloSettings(BrokerOptions broker, ListenerOptions listener, SecuritySettings security)
    {
        Broker = broker;
        Listener = listener;
        Security = security;
    }

    public BrokerOptions Broker { get; }

    public ListenerOptions Listener { get; }

    /// <summary>The listeners with their TLS and SASL settings (one PLAINTEXT listener from <see cref="Listener"/> by default).</summary>
    public SecuritySettings Security { get; }

    /// <summary>Reads and validates both sections; throws <see cref="SiloConfigurationException"/> listing every bad key.</summary>
    public static SiloSettings Load(IConfiguration configuration)
    {
        var errors = new List<string>();
        var broker = new BrokerOptions();
        var section = configuration.GetSection(BrokerOptions.SectionName);
        var prefixLength = section.Path.Length + 1;
        var security = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (path, value) in section.AsEnumerable().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value is null || path.Length <= section.Path.Length)
            {
                continue;
            }

            // Nested JSON objects ({"log": {"retention": {"ms": 1}}}) read as the dotted Kafka name.
            var name = path[prefixLength..].Replace(':', '.');
            if (SecurityConfigKeys.IsSecurityKey(name))
            {
                security[name.Trim()] = value;
                continue;
            }

            if (!BrokerConfigCatalog.TryFind(name, out var key))
            {
                errors.Add($"{name}: unknown broker setting");
                continue;
            }

            if (key.TryApply(value, broker) is { } error)
            {
                errors.Add(error);
            }
        }

        if (broker.GroupMinSessionTimeoutMs > broker.GroupMaxSessionTimeoutMs)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"group.min.session.timeout.ms: must not exceed group.max.session.timeout.ms ({broker.GroupMaxSessionTimeoutMs}), got '{broker.GroupMinSessionTimeoutMs}'"));
        }

        if (broker.BrokerSessionTimeoutMs <= broker.BrokerHeartbeatIntervalMs)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"broker.session.timeout.ms: must exceed broker.heartbeat.interval.ms ({broker.BrokerHeartbeatIntervalMs}), got '{broker.BrokerSessionTimeoutMs}'"));
        }

        try
        {
            broker.DataDirectory = Path.GetFullPath(broker.DataDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            errors.Add($"log.dir: must be a valid directory path, got '{broker.DataDirectory}'");
        }

        var listener = LoadListener(configuration.GetSection(ListenerOptions.SectionName), errors);
        var securitySettings = SecuritySettingsLoader.Load(security, listener, errors);
        if (errors.Count > 0)
        {
            throw new SiloConfigurationException(errors);
        }

        return new SiloSettings(broker, listener, securitySettings);
    }

    private static ListenerOptions LoadListener(IConfigurationSection section, List<string> errors)
    {
        var listener = new ListenerOptions();
        foreach (var child in section.GetChildren())
        {
            var value = child.Value?.Trim();
            if (value is null)
            {
                continue;
            }

            switch (child.Key.ToUpperInvariant())
            {
                case "HOST":
                    if (!IsBindableHost(value))
                    {
                        errors.Add($"host: must be an IP address or 'localhost', got '{value}'");
                    }

                    listener.Host = value;
                    break;
                case "PORT":
                    if (ParsePort(value, allowZero: true) is int port)
                    {
                        listener.Port = port;
                    }
                    else
                    {
                        errors.Add($"port: must be an integer in [0, 65535], got '{value}'");
                    }

                    break;
                case "ADVERTISEDHOST":
                    if (value.Length == 0)
                    {
                        errors.Add("advertised.host: must not be empty, got ''");
                    }

                    listener.AdvertisedHost = value;
                    break;
                case "ADVERTISEDPORT":
                    if (ParsePort(value, allowZero: false) is int advertised)
                    {
                        listener.AdvertisedPort = advertised;
                    }
                    else
                    {
                        errors.Add($"advertised.port: must be an integer in [1, 65535], got '{value}'");
                    }

                    break;
                default:
                    errors.Add($"{ListenerOptions.SectionName}:{child.Key}: unknown listener setting (allowed: Host, Port, AdvertisedHost, AdvertisedPort)");
                    break;
            }
        }

        return listener;
    }

    private static bool IsBindableHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host, out _);

    private static int? ParsePort(string text, bool allowZero) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 && (allowZero || port > 0)
            ? port
            : null;
}
