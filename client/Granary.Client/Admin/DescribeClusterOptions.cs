// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Options for <see cref="Granary.Client.IAdminClient.DescribeClusterAsync"/>.</summary>
public class DescribeClusterOptions
{
    /// <summary>How long to wait for the broker's answer; null uses the client's request.timeout.ms.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>Whether to ask for the operations the caller is authorised to perform.</summary>
    public bool IncludeAuthorizedOperations { get; set; }
}
