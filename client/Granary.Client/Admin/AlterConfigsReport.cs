// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>One resource's outcome in an <see cref="AlterConfigsException"/>.</summary>
public class AlterConfigsReport
{
    public ConfigResource ConfigResource { get; set; } = new();

    public Error Error { get; set; } = new(ErrorCode.NoError);

    public override string ToString() => $"{ConfigResource} {Error}";
}
