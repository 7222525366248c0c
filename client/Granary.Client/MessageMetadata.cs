// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The parts of a message other than key and value.</summary>
public class MessageMetadata
{
    public Timestamp Timestamp { get; set; }

    public Headers? Headers { get; set; }
}
