// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>One resource's outcome in a <see cref="DescribeConfigsException"/>.</summary>
public class DescribeConfigsReport
{
    public ConfigResource ConfigResource { get; set; } = new();

    public Dictionary<string, ConfigEntryResult> Entries { get; set; } = [];

    public Error Error { get; set; } = new(ErrorCode.NoError);

    public override string ToString() => $"{ConfigResource} {Entries} {Error}";
}
