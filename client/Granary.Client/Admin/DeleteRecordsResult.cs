// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A partition whose records before <see cref="Offset"/> were deleted (Offset is the new LogStartOffset).</summary>
public class DeleteRecordsResult
{
    public string Topic { get; set; } = string.Empty;

    public Partition Partition { get; set; }

    public Offset Offset { get; set; }

    public override string ToString() => $"{Topic} {Partition} {Offset}";
}
