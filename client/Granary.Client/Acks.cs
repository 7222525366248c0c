// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The acks producer setting (librdkafka values).</summary>
public enum Acks
{
    None = 0,
    Leader = 1,
    All = -1,
}
