// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>One partition's outcome in a <see cref="DeleteRecordsException"/>.</summary>
public class DeleteRecordsReport
{
    public string Topic { get; set; } = string.Empty;

    public Partition Partition { get; set; }

    public Offset Offset { get; set; }

    public Error Error { get; set; } = new(ErrorCode.NoError);

    public override string ToString() => $"{Topic} {Partition} {Offset}";
}
