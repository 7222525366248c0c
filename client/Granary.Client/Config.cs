// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections;
using System.Globalization;

namespace Granary.Client;

/// <summary>
/// Base of all configs: a string dictionary that accepts any Kafka property by name (validated at Build()).
/// </summary>
public class Config : IEnumerable<KeyValuePair<string, string>>
{
    protected IDictionary<string, string> properties;

    public Config() => properties = new Dictionary<string, string>(StringComparer.Ordinal);

    public Config(Config config) => properties = new Dictionary<string, string>(config.properties, StringComparer.Ordinal);

    public Config(IDictionary<string, string> config) => properties = new Dictionary<string, string>(config, StringComparer.Ordinal);

    /// <summary>Upper bound (ms) on how long a blocking call may go without checking its cancellation token.</summary>
    public int CancellationDelayMaxMs
    {
        set => SetObject("dotnet.cancellation.delay.max.ms", value);
    }

    public string? this[string key]
    {
        get => Get(key);
        set => Set(key, value);
    }

    public void Set(string key, string? val)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (val is null)
        {
            properties.Remove(key);
        }
        else
        {
            properties[key] = val;
        }
    }

    /// <summary>Adds a property; enables collection initialisers (<c>{ { "linger.ms", "5" } }</c>).</summary>
    public void Add(string key, string val) => Set(key, val);

    public string? Get(string key) => properties.TryGetValue(key, out var value) ? value : null;

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    protected int? GetInt(string key) => Get(key) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : null;

    protected bool? GetBool(string key) => Get(key) is { } s ? bool.Parse(s) : null;

    protected double? GetDouble(string key) => Get(key) is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : null;

    protected object? GetEnum(Type type, string key) =>
        Get(key) is { } s ? Enum.Parse(type, s.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true) : null;

    protected void SetObject(string name, object? val) => Set(name, val switch
    {
        null => null,
        bool b => b ? "true" : "false",
        Enum e => EnumToConfigValue(e),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => val.ToString(),
    });

    private static string EnumToConfigValue(Enum value) => value switch
    {
        Acks a => a switch { Acks.All => "all", Acks.None => "0", _ => "1" },
        SecurityProtocol.SaslPlaintext => "sasl_plaintext",
        SecurityProtocol.SaslSsl => "sasl_ssl",
        SaslMechanism.ScramSha256 => "SCRAM-SHA-256",
        SaslMechanism.ScramSha512 => "SCRAM-SHA-512",
        SaslMechanism s => s.ToString().ToUpperInvariant(),
        IsolationLevel.ReadCommitted => "read_committed",
        IsolationLevel.ReadUncommitted => "read_uncommitted",
        PartitionAssignmentStrategy.CooperativeSticky => "cooperative-sticky",
        Partitioner.ConsistentRandom => "consistent_random",
        Partitioner.Murmur2Random => "murmur2_random",
        _ => value.ToString().ToLowerInvariant(),
    };
}
