// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The outcome in a <see cref="ListConsumerGroupsException"/>: the groups found and the brokers' errors.</summary>
public class ListConsumerGroupsReport
{
    public List<ConsumerGroupListing> Valid { get; set; } = [];

    public List<Error> Errors { get; set; } = [];

    public override string ToString() => $"{Valid} {Errors}";
}
