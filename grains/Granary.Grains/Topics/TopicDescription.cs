// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;

namespace Granary.Grains.Topics;

/// <summary>What Metadata tells about one topic: the outcome (the topic, or why it is not there) and its partitions.</summary>
public sealed record TopicDescription(TopicResult Result, IReadOnlyList<PartitionState> Partitions);
