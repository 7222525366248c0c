// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using Granary.Client;

namespace Granary.Cli.Formatting;

/// <summary>
/// kcat's <c>-f</c> output format: <c>%t</c> topic, <c>%p</c> partition, <c>%o</c> offset, <c>%k</c> key,
/// <c>%K</c> key length, <c>%s</c> value, <c>%S</c> value length, <c>%T</c> timestamp (ms since the epoch, -1 when
/// absent), <c>%h</c> headers as <c>name=value</c> pairs joined by commas, <c>%%</c> a percent sign; escapes
/// <c>\n \r \t \\</c>. Lengths of a null key or value print -1, the key or value itself prints nothing. The string is
/// compiled once; an unknown token is a usage error naming it.
/// </summary>
public sealed class KcatFormat
{
    /// <summary>kcat's default for consume: the value, then a newline.</summary>
    public const string Default = "%s\\n";

    private readonly IReadOnlyList<(char Token, string? Literal)> _parts;

    private KcatFormat(IReadOnlyList<(char Token, string? Literal)> parts) => _parts = parts;

    public static KcatFormat Parse(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var parts = new List<(char, string?)>();
        var literal = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '\\' && i + 1 < format.Length)
            {
                var next = format[++i];
                literal.Append(next switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    '\\' => '\\',
                    _ => throw CliException.Usage($"--format: unknown escape '\\{next}' (known: \\n \\r \\t \\\\)"),
                });
                continue;
            }

            if (c != '%')
            {
                literal.Append(c);
                continue;
            }

            if (i + 1 >= format.Length)
            {
                throw CliException.Usage("--format ends with a lone '%' (use %% for a percent sign)");
            }

            var token = format[++i];
            if (token == '%')
            {
                literal.Append('%');
                continue;
            }

            if ("tpokKsSTh".IndexOf(token, StringComparison.Ordinal) < 0)
            {
                throw CliException.Usage($"--format: unknown token '%{token}' (known: %t %p %o %k %K %s %S %T %h %%)");
            }

            if (literal.Length > 0)
            {
                parts.Add(('\0', literal.ToString()));
                literal.Clear();
            }

            parts.Add((token, null));
        }

        if (literal.Length > 0)
        {
            parts.Add(('\0', literal.ToString()));
        }

        return new KcatFormat(parts);
    }

    public string Render(ConsumeResult<byte[]?, byte[]?> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var builder = new StringBuilder();
        var message = result.Message;
        foreach (var (token, literal) in _parts)
        {
            switch (token)
            {
                case '\0':
                    builder.Append(literal);
                    break;
                case 't':
                    builder.Append(result.Topic);
                    break;
                case 'p':
                    builder.Append(result.Partition.Value.ToString(CultureInfo.InvariantCulture));
                    break;
                case 'o':
                    builder.Append(result.Offset.Value.ToString(CultureInfo.InvariantCulture));
                    break;
                case 'k':
                    AppendBytes(builder, message?.Key);
                    break;
                case 'K':
                    builder.Append((message?.Key?.Length ?? -1).ToString(CultureInfo.InvariantCulture));
                    break;
                case 's':
                    AppendBytes(builder, message?.Value);
                    break;
                case 'S':
                    builder.Append((message?.Value?.Length ?? -1).ToString(CultureInfo.InvariantCulture));
                    break;
                case 'T':
                    var ts = message?.Timestamp ?? Timestamp.Default;
                    builder.Append((ts.Type == TimestampType.NotAvailable ? -1 : ts.UnixTimestampMs).ToString(CultureInfo.InvariantCulture));
                    break;
                case 'h':
                    AppendHeaders(builder, message?.Headers);
                    break;
            }
        }

        return builder.ToString();
    }

    private static void AppendBytes(StringBuilder builder, byte[]? bytes)
    {
        if (bytes is { Length: > 0 })
        {
            builder.Append(Encoding.UTF8.GetString(bytes));
        }
    }

    private static void AppendHeaders(StringBuilder builder, Headers? headers)
    {
        if (headers is null)
        {
            return;
        }

        var first = true;
        foreach (var header in headers)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            builder.Append(header.Key).Append('=');
            AppendBytes(builder, header.GetValueBytes());
        }
    }
}
