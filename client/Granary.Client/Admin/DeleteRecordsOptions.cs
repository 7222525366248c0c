// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Options for <see cref="Granary.Client.IAdminClient.DeleteRecordsAsync"/>.</summary>
public class DeleteRecordsOptions
{
    /// <summary>How long to wait for the broker's answer; null uses the client's request.timeout.ms.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>How long the broker may wait for the operation to finish on the cluster; null means the broker answers without waiting.</summary>
    public TimeSpan? OperationTimeout { get; set; }
}
