// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Client.Configuration;

/// <summary>A validated configuration keyed by canonical names; reads fall back to the catalog's defaults.</summary>
internal sealed class ResolvedConfig
{
    private readonly Dictionary<string, string> _values;

    public ResolvedConfig(Dictionary<string, string> values) => _values = values;

    public bool IsSet(string name) => _values.ContainsKey(ConfigCatalog.Canonical(name));

    public string? GetString(string name)
    {
        var canonical = ConfigCatalog.Canonical(name);
        return _values.TryGetValue(canonical, out var value) ? value : ConfigCatalog.Properties[canonical].Default;
    }

    public long GetInt64(string name) => long.Parse(GetString(name) ?? "0", CultureInfo.InvariantCulture);

    public int GetInt32(string name) => checked((int)GetInt64(name));

    public double GetDouble(string name) => double.Parse(GetString(name) ?? "0", CultureInfo.InvariantCulture);

    public bool GetBoolean(string name) => GetString(name) == "true";
}
