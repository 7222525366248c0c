// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Options for <see cref="Granary.Client.IAdminClient.ListOffsetsAsync"/>.</summary>
public class ListOffsetsOptions
{
    /// <summary>How long to wait for the broker's answer; null uses the client's request.timeout.ms.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>ReadCommitted stops latest offsets at the LastStableOffset; ReadUncommitted at the HighWatermark.</summary>
    public IsolationLevel IsolationLevel { get; set; } = IsolationLevel.ReadUncommitted;
}
