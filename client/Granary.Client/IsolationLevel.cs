// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The isolation.level setting.</summary>
public enum IsolationLevel
{
    ReadUncommitted,
    ReadCommitted,
}
