// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Primitives;

/// <summary>A tagged field this version of the code does not know, kept as raw bytes so it survives a round trip.</summary>
public readonly record struct RawTaggedField(int Tag, ReadOnlyMemory<byte> Data);
