// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>Kafka's GroupMetadataKey (key version 2): the metadata of one group.</summary>
public sealed record GroupMetadataKey(string Group) : OffsetsTopicKey(Group);
