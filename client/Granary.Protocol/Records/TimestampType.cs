// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Records;

/// <summary>Whether a batch's timestamps were set by the producer or by the broker on append.</summary>
public enum TimestampType
{
    CreateTime = 0,
    LogAppendTime = 1,
}
