// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The kind of a message timestamp (librdkafka's numbering).</summary>
public enum TimestampType
{
    NotAvailable = 0,
    CreateTime = 1,
    LogAppendTime = 2,
}
