// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Tests.Golden;

/// <summary>One partition's <c>records</c> field from a Produce request or Fetch response.</summary>
public sealed record RecordsField(string Topic, int Partition, ReadOnlyMemory<byte> Records);
