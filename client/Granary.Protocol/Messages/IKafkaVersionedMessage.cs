// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Messages;

/// <summary>A top-level message (request, response or header) with its own version range.</summary>
public interface IKafkaVersionedMessage : IKafkaMessage
{
    short LowestSupportedVersion { get; }

    short HighestSupportedVersion { get; }

    /// <summary>The first version using compact encodings and tagged fields, or -1 when none does.</summary>
    short FirstFlexibleVersion { get; }
}
