// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Xml;

namespace Granary.Cli.Commands;

/// <summary>Which --to-* / --shift-by / --by-duration mode groups reset-offsets uses, and its argument.</summary>
public sealed record ResetSpec(ResetMode Mode, long Value = 0)
{
    /// <summary>Parses --to-datetime the way kafka-consumer-groups does: ISO-8601 local date-time with an optional offset (UTC when absent).</summary>
    public static long ParseDateTime(string text)
    {
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"];
        if (!DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, styles, out var value))
        {
            throw CliException.Usage($"--to-datetime expects an ISO-8601 time such as 2026-01-31T12:00:00.000 or 2026-01-31T12:00:00+01:00, got '{text}'");
        }

        return value.ToUnixTimeMilliseconds();
    }

    /// <summary>Parses --by-duration: an ISO-8601 duration such as PT15M or P1DT2H.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        try
        {
            var duration = XmlConvert.ToTimeSpan(text);
            return duration >= TimeSpan.Zero ? duration : throw new FormatException("negative");
        }
        catch (FormatException)
        {
            throw CliException.Usage($"--by-duration expects an ISO-8601 duration such as PT15M or P1DT2H, got '{text}'");
        }
    }
}
