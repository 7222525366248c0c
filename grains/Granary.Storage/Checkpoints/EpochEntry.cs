// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage.Checkpoints;

/// <summary>A leader epoch and the first offset written in it.</summary>
public readonly record struct EpochEntry(int Epoch, long StartOffset);
