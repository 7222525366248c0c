// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Primitives;

namespace Granary.Protocol.Messages;

/// <summary>Reads one array element; <paramref name="compact"/> selects the flexible-version encodings.</summary>
public delegate T ElementReader<T>(ref KafkaReader reader, bool compact);

/// <summary>How to read and write the elements of an array of a primitive type.</summary>
public sealed class ArrayElement<T>
{
    public ArrayElement(int minSize, ElementReader<T> read, Action<KafkaWriter, T, bool> write)
    {
        MinSize = minSize;
        Read = read;
        Write = write;
    }

    /// <summary>The fewest bytes one element can take, which bounds an honest element count.</summary>
    public int MinSize { get; }

    public ElementReader<T> Read { get; }

    public Action<KafkaWriter, T, bool> Write { get; }
}
