// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.Producers;

/// <summary>The verdict on an idempotent batch: append it, answer with a duplicate's original offset, or refuse it.</summary>
public readonly record struct SequenceCheck(KafkaErrorCode ErrorCode, ProducerBatch? Duplicate, string? Message = null)
{
    public static SequenceCheck Append { get; } = new(KafkaErrorCode.None, null);

    public bool IsAppend => ErrorCode == KafkaErrorCode.None && Duplicate is null;
}
