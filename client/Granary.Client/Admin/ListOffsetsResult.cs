// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The offsets ListOffsetsAsync found.</summary>
public class ListOffsetsResult
{
    public List<ListOffsetsResultInfo> ResultInfos { get; set; } = [];

    public override string ToString() => $"{ResultInfos}";
}
