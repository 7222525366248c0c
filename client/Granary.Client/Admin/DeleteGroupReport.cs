// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>One group's outcome in a <see cref="DeleteGroupsException"/>.</summary>
public class DeleteGroupReport
{
    public string Group { get; set; } = string.Empty;

    public Error Error { get; set; } = new(ErrorCode.NoError);

    public override string ToString() => $"{Group} {Error}";
}
