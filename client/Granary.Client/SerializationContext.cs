// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>What is being serialized: the topic, the component (key or value) and the headers.</summary>
public readonly struct SerializationContext
{
    public SerializationContext(MessageComponentType component, string topic, Headers? headers = null)
    {
        Component = component;
        Topic = topic;
        Headers = headers;
    }

    public static SerializationContext Empty => default;

    public string Topic { get; }

    public MessageComponentType Component { get; }

    public Headers? Headers { get; }
}
