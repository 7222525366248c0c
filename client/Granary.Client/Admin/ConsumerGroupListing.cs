// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A group found by ListConsumerGroupsAsync.</summary>
public class ConsumerGroupListing
{
    public string GroupId { get; set; } = string.Empty;

    public ConsumerGroupState State { get; set; }

    public ConsumerGroupType Type { get; set; }

    /// <summary>True for a group with no protocol type: one used only to store offsets (no members ever joined).</summary>
    public bool IsSimpleConsumerGroup { get; set; }

    public override string ToString() => $"{GroupId} ({State})";
}
