// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Protocol.Tests.Golden;

/// <summary>
/// One captured frame: the bytes after the size prefix, and what its file name says it is
/// (<c>&lt;client&gt;/&lt;ApiKeyName&gt;-v&lt;version&gt;[-&lt;label&gt;].bin</c>).
/// </summary>
public sealed record GoldenFrame(string RelativePath, string Client, string ApiName, short Version, string? Label, byte[] Bytes)
{
    /// <summary>Frames our capture broker sent (named <c>&lt;ApiKeyName&gt;Response-v…</c>) rather than a client.</summary>
    public bool IsResponse => ApiName.EndsWith("Response", StringComparison.Ordinal);

    public static GoldenFrame Load(string root, string relativePath)
    {
        var client = Path.GetDirectoryName(relativePath) ?? string.Empty;
        var name = Path.GetFileNameWithoutExtension(relativePath);
        var parts = name.Split('-', 3);
        if (parts.Length < 2 || parts[1].Length < 2 || parts[1][0] != 'v')
        {
            throw new FormatException($"{relativePath} is not named <ApiKeyName>-v<version>[-<label>].bin");
        }

        var version = short.Parse(parts[1].AsSpan(1), CultureInfo.InvariantCulture);
        var bytes = File.ReadAllBytes(Path.Combine(root, relativePath));
        return new GoldenFrame(relativePath, client, parts[0], version, parts.Length > 2 ? parts[2] : null, bytes);
    }

    public override string ToString() => RelativePath;
}
