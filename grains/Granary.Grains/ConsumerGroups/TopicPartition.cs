// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>A topic name and partition index, the key of a committed offset.</summary>
public readonly record struct TopicPartition(string Topic, int Partition);
