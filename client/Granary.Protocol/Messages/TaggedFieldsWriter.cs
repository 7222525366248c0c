// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Primitives;

namespace Granary.Protocol.Messages;

/// <summary>
/// Collects a structure's tagged fields, known and unknown, in ascending tag order, then writes the section with its
/// count (the count is only known once every field has been considered).
/// </summary>
public sealed class TaggedFieldsWriter
{
    private readonly KafkaWriter _body = new();
    private int _count;

    public void WriteUnknown(List<RawTaggedField>? fields, int fromTag, long toTag)
    {
        if (fields is null)
        {
            return;
        }

        foreach (var field in fields)
        {
            if (field.Tag >= fromTag && field.Tag < toTag)
            {
                _body.WriteTaggedField(field.Tag, field.Data.Span);
                _count++;
            }
        }
    }

    public void WriteField(int tag, KafkaWriter value)
    {
        _body.WriteTaggedField(tag, value.WrittenMemory.Span);
        _count++;
    }

    public void CopyTo(KafkaWriter writer)
    {
        writer.WriteUnsignedVarInt((uint)_count);
        writer.WriteRaw(_body.WrittenMemory.Span);
    }
}
