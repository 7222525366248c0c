// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>Kafka's OffsetCommitKey (key version 1; version 0 is read too): the committed offset of one partition.</summary>
public sealed record OffsetCommitKey(string Group, string Topic, int Partition) : OffsetsTopicKey(Group);
