// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;

namespace Granary.Cli.Configuration;

/// <summary>
/// Assembles a client configuration: defaults the CLI chooses, then the --command-config file, then
/// --bootstrap-server when given explicitly (or when the file names none), then per-command k=v overrides.
/// </summary>
public static class ClientProperties
{
    public static Dictionary<string, string> Build(ParseResult parse, IReadOnlyDictionary<string, string>? defaults = null, IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        if (defaults is not null)
        {
            foreach (var (key, value) in defaults)
            {
                config[key] = value;
            }
        }

        var file = parse.GetValue(CommonOptions.CommandConfig);
        if (file is not null)
        {
            foreach (var (key, value) in PropertiesFile.Load(file.FullName))
            {
                config[key] = value;
            }
        }

        var explicitBootstrap = parse.GetResult(CommonOptions.BootstrapServer) is { Implicit: false };
        if (explicitBootstrap || !config.ContainsKey("bootstrap.servers"))
        {
            config["bootstrap.servers"] = parse.GetValue(CommonOptions.BootstrapServer) ?? CommonOptions.DefaultBootstrapServer;
        }

        if (overrides is not null)
        {
            foreach (var (key, value) in overrides)
            {
                config[key] = value;
            }
        }

        return config;
    }

    /// <summary>Parses repeated <c>key=value</c> flag values; a value without '=' is a usage error naming the flag.</summary>
    public static List<KeyValuePair<string, string>> ParsePairs(IEnumerable<string>? values, string flag)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var value in values ?? [])
        {
            var split = value.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                throw CliException.Usage($"{flag} expects key=value, got '{value}'");
            }

            pairs.Add(new(value[..split].Trim(), value[(split + 1)..]));
        }

        return pairs;
    }
}
