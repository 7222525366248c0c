// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Opaque consumer group state passed to SendOffsetsToTransaction.</summary>
public interface IConsumerGroupMetadata
{
}
