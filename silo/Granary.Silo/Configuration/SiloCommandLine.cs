// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Configuration;

/// <summary>
/// The silo's own flags: <c>--host</c>, <c>--port</c>, <c>--data-dir</c>, <c>--silo-id</c> and the repeatable
/// <c>--override name=value</c> (Kafka's kafka-server-start.sh spelling). Each becomes a configuration entry, so the
/// command line wins over environment variables and appsettings.json; other arguments are left for the standard
/// command-line configuration provider.
/// </summary>
public sealed class SiloCommandLine
{
    private SiloCommandLine(IReadOnlyList<KeyValuePair<string, string?>> entries, IReadOnlyList<string> remaining)
    {
        Entries = entries;
        RemainingArguments = remaining;
    }

    /// <summary>Configuration entries in argument order (a later entry for the same key wins).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Entries { get; }

    /// <summary>Arguments that are not silo flags, for the standard command-line provider.</summary>
    public IReadOnlyList<string> RemainingArguments { get; }

    /// <summary>Parses the arguments; throws <see cref="SiloConfigurationException"/> for a malformed or unknown override.</summary>
    public static SiloCommandLine Parse(IReadOnlyList<string> args)
    {
        var entries = new List<KeyValuePair<string, string?>>();
        var remaining = new List<string>();
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? arg[..equals] : arg;
            string? configKey = flag switch
            {
                "--host" => $"{ListenerOptions.SectionName}:Host",
                "--port" => $"{ListenerOptions.SectionName}:Port",
                "--data-dir" => $"{BrokerOptions.SectionName}:log.dir",
                "--silo-id" => $"{BrokerOptions.SectionName}:node.id",
                "--override" => string.Empty,
                _ => null,
            };

            if (configKey is null)
            {
                remaining.Add(arg);
                continue;
            }

            string value;
            if (!ReferenceEquals(flag, arg))
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                errors.Add($"{flag}: missing value");
                continue;
            }

            if (configKey.Length > 0)
            {
                entries.Add(new(configKey, value));
                continue;
            }

            var separator = value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                errors.Add($"--override: expected name=value, got '{value}'");
                continue;
            }

            var name = value[..separator].Trim();
            if (SecurityConfigKeys.IsSecurityKey(name))
            {
                entries.Add(new($"{BrokerOptions.SectionName}:{name}", value[(separator + 1)..]));
                continue;
            }

            if (!BrokerConfigCatalog.TryFind(name, out var key))
            {
                errors.Add($"{name}: unknown broker setting in --override");
                continue;
            }

            entries.Add(new($"{BrokerOptions.SectionName}:{key.Name}", value[(separator + 1)..]));
        }

        if (errors.Count > 0)
        {
            throw new SiloConfigurationException(errors);
        }

        return new SiloCommandLine(entries, remaining);
    }
}
