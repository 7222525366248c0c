// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A message header: a key and an optional byte value.</summary>
public interface IHeader
{
    string Key { get; }

    byte[]? GetValueBytes();
}
