// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Records;

/// <summary>
/// Where a <see cref="RecordEnumerator"/> stopped inside a batch's records section, so a reader that decodes a batch
/// in bounded steps (a consumer returning records as it goes) can resume there later without keeping the ref struct.
/// Only meaningful for the same records section and header it was taken from.
/// </summary>
/// <param name="Consumed">Bytes of the records section already read.</param>
/// <param name="Index">Records already returned.</param>
/// <param name="PreviousDelta">The offset delta of the last record returned (-1 before the first).</param>
public readonly record struct RecordEnumeratorPosition(int Consumed, int Index, int PreviousDelta);
