// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Protocol.Generator;

/// <summary>A spec version range: "3+", "0-5", "7" or "none". Open ranges end at <see cref="short.MaxValue"/>.</summary>
public readonly record struct VersionRange(short Lowest, short Highest)
{
    public static readonly VersionRange None = new(1, 0);

    public bool IsEmpty => Lowest > Highest;

    public static VersionRange Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "none")
        {
            return None;
        }

        text = text.Trim();
        if (text.EndsWith('+'))
        {
            return new VersionRange(short.Parse(text[..^1], CultureInfo.InvariantCulture), short.MaxValue);
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            return new VersionRange(
                short.Parse(text[..dash], CultureInfo.InvariantCulture),
                short.Parse(text[(dash + 1)..], CultureInfo.InvariantCulture));
        }

        var single = short.Parse(text, CultureInfo.InvariantCulture);
        return new VersionRange(single, single);
    }

    public bool Contains(short version) => version >= Lowest && version <= Highest;

    public VersionRange Intersect(VersionRange other)
    {
        var result = new VersionRange(Math.Max(Lowest, other.Lowest), Math.Min(Highest, other.Highest));
        return result.IsEmpty ? None : result;
    }

    /// <summary>This range minus <paramref name="other"/>; the specs never make that two ranges.</summary>
    public VersionRange Subtract(VersionRange other)
    {
        var overlap = Intersect(other);
        if (overlap.IsEmpty)
        {
            return this;
        }

        if (overlap.Lowest <= Lowest && overlap.Highest >= Highest)
        {
            return None;
        }

        if (overlap.Lowest <= Lowest)
        {
            return new VersionRange((short)(overlap.Highest + 1), Highest);
        }

        if (overlap.Highest >= Highest)
        {
            return new VersionRange(Lowest, (short)(overlap.Lowest - 1));
        }

        throw new InvalidOperationException($"Range {this} minus {other} is not contiguous.");
    }

    /// <summary>
    /// The C# condition on <c>version</c> for this range, given that <c>version</c> lies in <paramref name="context"/>;
    /// "true" or "false" when the answer does not depend on the version (callers must not emit those as code).
    /// </summary>
    public string Condition(VersionRange context)
    {
        var within = Intersect(context);
        if (within.IsEmpty)
        {
            return "false";
        }

        var checkLow = within.Lowest > context.Lowest;
        var checkHigh = within.Highest < context.Highest;
        if (checkLow && checkHigh && within.Lowest == within.Highest)
        {
            return $"version == {within.Lowest}";
        }

        var parts = new List<string>();
        if (checkLow)
        {
            parts.Add($"version >= {within.Lowest}");
        }

        if (checkHigh)
        {
            parts.Add($"version <= {within.Highest}");
        }

        return parts.Count == 0 ? "true" : string.Join(" && ", parts);
    }

    public override string ToString() => IsEmpty ? "none" : Highest == short.MaxValue ? $"{Lowest}+" : $"{Lowest}-{Highest}";
}
