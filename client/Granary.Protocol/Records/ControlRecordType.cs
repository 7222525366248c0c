// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Records;

/// <summary>The type field of a control record's key, with Kafka's numbers.</summary>
public enum ControlRecordType : short
{
    Abort = 0,
    Commit = 1,
}
