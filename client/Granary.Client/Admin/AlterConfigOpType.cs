// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>What an incremental config change does (Kafka's IncrementalAlterConfigs operation numbers).</summary>
public enum AlterConfigOpType
{
    Set = 0,
    Delete = 1,
    Append = 2,
    Subtract = 3,
}
