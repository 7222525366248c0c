// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Primitives;

namespace Granary.Protocol.Messages;

/// <summary>A message or nested structure the generator wrote from a Kafka JSON spec.</summary>
/// <remarks>
/// <see cref="Read"/> expects a freshly constructed instance (fields a version lacks keep their defaults).
/// <see cref="Write"/> throws when a field holds a non-default value at a version that lacks it, unless the spec
/// marks the field ignorable, in which case the value is dropped, as Kafka does.
/// </remarks>
public interface IKafkaMessage
{
    void Read(ref KafkaReader reader, short version);

    void Write(KafkaWriter writer, short version);
}
