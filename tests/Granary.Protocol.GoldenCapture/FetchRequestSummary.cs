// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.GoldenCapture;

/// <summary>What the capture broker needs from a Fetch request: how long it may wait and where each partition reads.</summary>
internal sealed record FetchRequestSummary(int MaxWaitMs, IReadOnlyList<(string Topic, int Partition, long FetchOffset)> Partitions);
