// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The protocol a group uses: the classic one, or the new consumer protocol (KIP-848).</summary>
public enum ConsumerGroupType
{
    Unknown = 0,
    Consumer = 1,
    Classic = 2,
}
