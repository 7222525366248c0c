// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>The key of a <c>__consumer_offsets</c> record: every key names its group.</summary>
public abstract record OffsetsTopicKey(string Group);
