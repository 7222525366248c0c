// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.GoldenCapture;

/// <summary>
/// Writes captured frames as <c>&lt;client&gt;/&lt;ApiKeyName&gt;-v&lt;version&gt;[-&lt;label&gt;].bin</c>. The first frame
/// for a name wins: clients repeat requests (every Fetch, every Heartbeat) with only the correlation id changed,
/// and one of each is what the golden corpus needs.
/// </summary>
internal sealed class FrameStore(string outputDirectory, string client)
{
    private readonly Lock gate = new();

    public string Directory { get; } = Path.Combine(outputDirectory, client);

    /// <summary>Saves the frame under its name unless one is there already; returns the path written, or null.</summary>
    public string? TrySave(string apiName, short version, string? label, ReadOnlySpan<byte> frame)
    {
        var name = label is null ? $"{apiName}-v{version}.bin" : $"{apiName}-v{version}-{label}.bin";
        var path = Path.Combine(Directory, name);
        lock (gate)
        {
            if (File.Exists(path))
            {
                return null;
            }

            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllBytes(path, frame.ToArray());
            return path;
        }
    }
}
