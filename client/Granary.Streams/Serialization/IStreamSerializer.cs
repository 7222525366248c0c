// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Serialization;

/// <summary>Turns stream items into record values and back. Deserialising untrusted bytes may throw; the record then goes to the dead-letter topic.</summary>
public interface IStreamSerializer
{
    byte[] Serialize<T>(T value);

    T Deserialize<T>(ReadOnlySpan<byte> data);
}
