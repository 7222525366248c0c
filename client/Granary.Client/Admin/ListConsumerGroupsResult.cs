// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The groups ListConsumerGroupsAsync found.</summary>
public class ListConsumerGroupsResult
{
    public List<ConsumerGroupListing> Valid { get; set; } = [];

    public override string ToString() => $"{Valid}";
}
