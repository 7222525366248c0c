// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Xunit;

namespace Granary.Protocol.Tests.Messages;

/// <summary>Encodes, decodes and compares generated messages structurally.</summary>
public static class MessageAssert
{
    public static byte[] Encode(IKafkaMessage message, short version)
    {
        var writer = new KafkaWriter();
        message.Write(writer, version);
        return writer.WrittenMemory.ToArray();
    }

    /// <summary>Decodes <paramref name="bytes"/> into a fresh <paramref name="type"/> and requires every byte consumed.</summary>
    public static IKafkaMessage Decode(Type type, byte[] bytes, short version)
    {
        var message = (IKafkaMessage)Activator.CreateInstance(type)!;
        var reader = new KafkaReader(bytes);
        message.Read(ref reader, version);
        reader.EnsureAtEnd(type.Name);
        return message;
    }

    public static void Equal(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        switch (expected)
        {
            case ReadOnlyMemory<byte> bytes:
                Assert.True(bytes.Span.SequenceEqual(((ReadOnlyMemory<byte>)actual).Span), $"{path}: bytes differ");
                return;
            case RawTaggedField tagged:
                var other = (RawTaggedField)actual;
                Assert.Equal(tagged.Tag, other.Tag);
                Assert.True(tagged.Data.Span.SequenceEqual(other.Data.Span), $"{path}: tagged bytes differ");
                return;
            case IList list:
                var actualList = (IList)actual;
                Assert.True(list.Count == actualList.Count, $"{path}: count {list.Count} != {actualList.Count}");
                for (var i = 0; i < list.Count; i++)
                {
                    Equal(list[i], actualList[i], $"{path}[{i}]");
                }

                return;
            case IKafkaMessage:
                Assert.Equal(expected.GetType(), actual.GetType());
                foreach (var property in expected.GetType().GetProperties())
                {
                    if (property.GetIndexParameters().Length == 0 && property.CanWrite)
                    {
                        var expectedValue = property.GetValue(expected);
                        var actualValue = property.GetValue(actual);
                        if (property.Name == nameof(RequestHeader.UnknownTaggedFields))
                        {
                            expectedValue = expectedValue is IList { Count: > 0 } ? expectedValue : null;
                            actualValue = actualValue is IList { Count: > 0 } ? actualValue : null;
                        }

                        Equal(expectedValue, actualValue, $"{path}.{property.Name}");
                    }
                }

                return;
            default:
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                return;
        }
    }
}
