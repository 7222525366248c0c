// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Producers;

/// <summary>One appended idempotent batch as remembered for duplicate detection.</summary>
public readonly record struct ProducerBatch(int FirstSequence, int LastSequence, long FirstOffset, long LastOffset);
