// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups;

namespace Granary.Grains.Tests.ConsumerGroups;

/// <summary>The JoinGroup answers of a group the harness brought to Stable, in join order.</summary>
internal sealed record StableGroup(JoinGroupResult[] Joins, int Generation)
{
    public string MemberId(int index) => Joins[index].MemberId;

    public string LeaderId => Joins[0].LeaderId;
}
