// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Client.Configuration;

/// <summary>
/// Checks a configuration at Build(): every property must be known (by canonical name or alias) and its value
/// must parse and lie in range. Failures throw ArgumentException naming the property, as Confluent's builders do.
/// </summary>
internal static class ConfigValidator
{
    public static ResolvedConfig Validate(IEnumerable<KeyValuePair<string, string>> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in config)
        {
            var canonical = ConfigCatalog.Canonical(name);
            if (!ConfigCatalog.Properties.TryGetValue(canonical, out var property))
            {
                throw new ArgumentException($"No such configuration property: \"{name}\"", nameof(config));
            }

            if (value is null)
            {
                continue;
            }

            values[canonical] = Normalize(property, name, value);
        }

        return new ResolvedConfig(values);
    }

    private static string Normalize(ConfigProperty property, string name, string value)
    {
        switch (property.Kind)
        {
            case ConfigPropertyKind.String:
                return value;
            case ConfigPropertyKind.Boolean:
                return value.Trim().ToLowerInvariant() switch
                {
                    "true" or "t" or "1" => "true",
                    "false" or "f" or "0" => "false",
                    _ => throw Invalid(name, value, "expected true or false"),
                };
            case ConfigPropertyKind.Integer:
            {
                var text = value.Trim();
                if (property.Name == "request.required.acks")
                {
                    text = text.ToLowerInvariant() switch { "all" => "-1", "none" => "0", _ => text };
                }

                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    throw Invalid(name, value, $"expected an integer in {Range(property)}");
                }

                return number < property.Min || number > property.Max
                    ? throw Invalid(name, value, $"value must be in {Range(property)}")
                    : number.ToString(CultureInfo.InvariantCulture);
            }

            case ConfigPropertyKind.Double:
            {
                if (!double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || double.IsNaN(number))
                {
                    throw Invalid(name, value, $"expected a number in {Range(property)}");
                }

                return number < property.Min || number > property.Max
                    ? throw Invalid(name, value, $"value must be in {Range(property)}")
                    : number.ToString(CultureInfo.InvariantCulture);
            }

            default:
            {
                var choices = property.Choices!;
                var items = property.ChoiceList ? value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [value.Trim()];
                if (items.Length == 0)
                {
                    throw Invalid(name, value, $"expected one of {string.Join(", ", choices)}");
                }

                for (var i = 0; i < items.Length; i++)
                {
                    var match = choices.FirstOrDefault(c => string.Equals(c, items[i], StringComparison.OrdinalIgnoreCase))
                        ?? throw Invalid(name, value, $"expected one of {string.Join(", ", choices)}");
                    items[i] = match;
                }

                return string.Join(",", items);
            }
        }
    }

    private static string Range(ConfigProperty p) => string.Create(CultureInfo.InvariantCulture, $"{p.Min}..{p.Max}");

    private static ArgumentException Invalid(string name, string value, string why) =>
        new($"Invalid value \"{value}\" for configuration property \"{name}\": {why}", name);
}
