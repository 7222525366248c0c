// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Storage.Segments;

/// <summary>Kafka's segment file names: the base offset as 20 zero-padded digits plus a suffix.</summary>
internal static class SegmentFileNames
{
    public const string LogSuffix = ".log";
    public const string IndexSuffix = ".index";
    public const string TimeIndexSuffix = ".timeindex";
    public const string DeletedSuffix = ".deleted";
    public const string CleanedSuffix = ".cleaned";
    public const string SwapSuffix = ".swap";

    public static string BaseName(long baseOffset) => baseOffset.ToString("D20", CultureInfo.InvariantCulture);

    public static string Log(string directory, long baseOffset) => Path.Combine(directory, BaseName(baseOffset) + LogSuffix);

    public static string Index(string directory, long baseOffset) => Path.Combine(directory, BaseName(baseOffset) + IndexSuffix);

    public static string TimeIndex(string directory, long baseOffset) => Path.Combine(directory, BaseName(baseOffset) + TimeIndexSuffix);

    /// <summary>Parses "00000000000000000042.log" (or .index/.timeindex, optionally with a further suffix) to 42.</summary>
    public static bool TryParseBaseOffset(string fileName, out long baseOffset)
    {
        baseOffset = 0;
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        return dot == 20 && long.TryParse(fileName.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out baseOffset);
    }
}
