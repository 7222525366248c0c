// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Options for <see cref="Granary.Client.IAdminClient.ListConsumerGroupOffsetsAsync"/>.</summary>
public class ListConsumerGroupOffsetsOptions
{
    /// <summary>How long to wait for the broker's answer; null uses the client's request.timeout.ms.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>When true the coordinator answers UNSTABLE_OFFSET_COMMIT while a transactional commit is pending instead of returning the older offset.</summary>
    public bool RequireStableOffsets { get; set; }
}
