// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A Kafka message: key, value, timestamp and headers.</summary>
public class Message<TKey, TValue> : MessageMetadata
{
    public TKey Key { get; set; } = default!;

    public TValue Value { get; set; } = default!;
}
