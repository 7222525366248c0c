// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The outcome in a <see cref="ListOffsetsException"/>: every partition's result and the first error.</summary>
public class ListOffsetsReport
{
    public List<ListOffsetsResultInfo> ResultInfos { get; set; } = [];

    public Error Error { get; set; } = new(ErrorCode.NoError);

    public override string ToString() => $"{ResultInfos} {Error}";
}
