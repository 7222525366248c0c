// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The partition.assignment.strategy setting.</summary>
public enum PartitionAssignmentStrategy
{
    Range,
    RoundRobin,
    CooperativeSticky,
}
