// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Options for <see cref="Granary.Client.IAdminClient.DescribeConfigsAsync"/>.</summary>
public class DescribeConfigsOptions
{
    /// <summary>How long to wait for the broker's answer; null uses the client's request.timeout.ms.</summary>
    public TimeSpan? RequestTimeout { get; set; }
}
