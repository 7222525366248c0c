// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.Partitions;

/// <summary>The answer to DeleteRecords for one partition: the new low watermark (LogStartOffset), or an error.</summary>
public readonly record struct PartitionDeleteRecordsResult(KafkaErrorCode ErrorCode, long LowWatermark, string? ErrorMessage = null);
