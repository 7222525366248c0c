// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Producing;

/// <summary>Where a record landed (or why not).</summary>
internal readonly record struct RecordOutcome(int Partition, long Offset, long LogAppendTimeMs, Error Error, PersistenceStatus Status);
