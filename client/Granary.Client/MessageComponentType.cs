// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Which part of a message is being (de)serialized.</summary>
public enum MessageComponentType
{
    Key = 1,
    Value = 2,
}
