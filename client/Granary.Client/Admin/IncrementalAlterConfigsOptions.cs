// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Options for <see cref="Granary.Client.IAdminClient.IncrementalAlterConfigsAsync"/>.</summary>
public class IncrementalAlterConfigsOptions
{
    /// <summary>How long to wait for the broker's answer; null uses the client's request.timeout.ms.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>When true the broker only validates the request and changes nothing.</summary>
    public bool ValidateOnly { get; set; }
}
