// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;

namespace Granary.Cli.Configuration;

/// <summary>
/// Reads the Java properties files Kafka tools take (--command-config, --producer.config): key=value or key: value
/// lines, # and ! comments, trailing-backslash continuations and the usual escapes.
/// </summary>
public static class PropertiesFile
{
    public static Dictionary<string, string> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read properties file '{path}': {ex.Message}");
        }

        return Parse(text);
    }

    public static Dictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var logical = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (logical.Length == 0)
            {
                line = line.TrimStart();
                if (line.Length == 0 || line[0] is '#' or '!')
                {
                    continue;
                }
            }
            else
            {
                line = line.TrimStart();
            }

            if (EndsWithContinuation(line))
            {
                logical.Append(line, 0, line.Length - 1);
                continue;
            }

            logical.Append(line);
            AddEntry(logical.ToString(), result);
            logical.Clear();
        }

        if (logical.Length > 0)
        {
            AddEntry(logical.ToString(), result);
        }

        return result;
    }

    private static bool EndsWithContinuation(string line)
    {
        var slashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            slashes++;
        }

        return slashes % 2 == 1;
    }

    private static void AddEntry(string line, Dictionary<string, string> result)
    {
        var split = -1;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\')
            {
                i++;
                continue;
            }

            if (line[i] is '=' or ':' || char.IsWhiteSpace(line[i]))
            {
                split = i;
                break;
            }
        }

        if (split < 0)
        {
            result[Unescape(line)] = string.Empty;
            return;
        }

        var key = Unescape(line[..split]);
        var rest = line[split..].TrimStart();
        if (rest.Length > 0 && rest[0] is '=' or ':')
        {
            rest = rest[1..].TrimStart();
        }

        result[key] = Unescape(rest);
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\' || i == value.Length - 1)
            {
                builder.Append(c);
                continue;
            }

            c = value[++i];
            builder.Append(c switch
            {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                'f' => '\f',
                _ => c,
            });
        }

        return builder.ToString();
    }
}
