// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;

namespace Granary.Silo.Security;

/// <summary>
/// Reads a Kafka <c>sasl.jaas.config</c> value: <c>LoginModuleClass flag key="value" key2=value2;</c>. Only the
/// options are kept (PlainLoginModule's <c>user_NAME="PASSWORD"</c> entries define the PLAIN users).
/// </summary>
public static class JaasConfig
{
    /// <summary>Parses the options; returns null and an error text when the value is malformed.</summary>
    public static IReadOnlyDictionary<string, string>? TryParseOptions(string value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        var header = 0;
        while (true)
        {
            SkipSpace(value, ref i);
            if (i >= value.Length)
            {
                error = "must end with ';'";
                return null;
            }

            if (value[i] == ';')
            {
                i++;
                SkipSpace(value, ref i);
                if (i < value.Length)
                {
                    error = "only one login module is supported";
                    return null;
                }

                error = header == 2 ? null : "expected 'LoginModuleClass required key=\"value\" ...;'";
                return header == 2 ? options : null;
            }

            var start = i;
            while (i < value.Length && !char.IsWhiteSpace(value[i]) && value[i] != '=' && value[i] != ';')
            {
                i++;
            }

            var word = value[start..i];
            if (header < 2)
            {
                if (word.Length == 0)
                {
                    error = "expected the login module class and control flag";
                    return null;
                }

                header++;
                continue;
            }

            SkipSpace(value, ref i);
            if (word.Length == 0 || i >= value.Length || value[i] != '=')
            {
                error = $"expected key=value after '{word}'";
                return null;
            }

            i++;
            SkipSpace(value, ref i);
            if (ReadValue(value, ref i) is not { } optionValue)
            {
                error = $"unterminated value of '{word}'";
                return null;
            }

            options[word] = optionValue;
        }
    }

    /// <summary>The <c>user_NAME="PASSWORD"</c> options as NAME -> PASSWORD.</summary>
    public static Dictionary<string, string> PlainUsers(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Where(o => o.Key.StartsWith("user_", StringComparison.Ordinal) && o.Key.Length > 5)
            .ToDictionary(o => o.Key[5..], o => o.Value, StringComparer.Ordinal);
    }

    private static string? ReadValue(string text, ref int i)
    {
        if (i < text.Length && text[i] == '"')
        {
            var builder = new StringBuilder();
            for (i++; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length)
                {
                    builder.Append(text[++i]);
                }
                else if (c == '"')
                {
                    i++;
                    return builder.ToString();
                }
                else
                {
                    builder.Append(c);
                }
            }

            return null;
        }

        var start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ';')
        {
            i++;
        }

        return text[start..i];
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }
}
