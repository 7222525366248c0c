// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>One topic's outcome in a <see cref="DeleteTopicsException"/>.</summary>
public class DeleteTopicReport
{
    public string Topic { get; set; } = string.Empty;

    public Error Error { get; set; } = new(ErrorCode.NoError);

    public override string ToString() => $"{Topic} {Error}";
}
