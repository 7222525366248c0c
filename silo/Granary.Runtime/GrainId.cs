// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics.CodeAnalysis;

namespace Granary.Runtime;

/// <summary>
/// Identifies a grain: a grain type name plus a string key, formatted as <c>type/key</c>.
/// The type name may not contain '/', so the first '/' always separates the two parts and keys may contain '/'.
/// </summary>
public readonly record struct GrainId : IParsable<GrainId>
{
    private const char Separator = '/';

    /// <summary>Creates an id, validating that the type is non-empty and free of '/'.</summary>
    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        if (type.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A grain type name may not contain '{Separator}': '{type}'.", nameof(type));
        }

        Type = type;
        Key = key;
    }

    /// <summary>The grain type name, e.g. <c>partition</c>.</summary>
    public string Type { get; }

    /// <summary>The grain key within its type, e.g. <c>orders-3</c>.</summary>
    public string Key { get; }

    /// <summary>True for <c>default(GrainId)</c>, which names no grain.</summary>
    public bool IsDefault => Type is null;

    /// <summary>Creates an id from its two parts.</summary>
    public static GrainId Create(string type, string key) => new(type, key);

    /// <summary>Parses <c>type/key</c>.</summary>
    public static GrainId Parse(string s) => Parse(s, provider: null);

    /// <inheritdoc />
    public static GrainId Parse(string s, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, provider, out var id)
            ? id
            : throw new FormatException($"'{s}' is not a grain id; expected 'type/key' with a non-empty type.");
    }

    /// <summary>Tries to parse <c>type/key</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out GrainId result) => TryParse(s, provider: null, out result);

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out GrainId result)
    {
        var separator = s?.IndexOf(Separator, StringComparison.Ordinal) ?? -1;
        if (separator <= 0)
        {
            result = default;
            return false;
        }

        result = new GrainId(s![..separator], s[(separator + 1)..]);
        return true;
    }

    /// <summary>Formats as <c>type/key</c>.</summary>
    public override string ToString() => IsDefault ? string.Empty : string.Concat(Type, "/", Key);
}
