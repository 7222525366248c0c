// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Xunit;

namespace Granary.Protocol.Tests.Malformed;

/// <summary>Decodes untrusted bytes the way a broker would and reports what happened.</summary>
public static class Decode
{
    public static void Message(Type type, byte[] bytes, short version) => Message(type, bytes.AsMemory(), version);

    public static long AssertRejected(Type type, byte[] bytes, short version, string because) =>
        AssertRejected(type, bytes.AsMemory(), version, because);

    public static void Message(Type type, ReadOnlyMemory<byte> bytes, short version)
    {
        var message = (IKafkaMessage)Activator.CreateInstance(type)!;
        var reader = new KafkaReader(bytes);
        message.Read(ref reader, version);
        reader.EnsureAtEnd(type.Name);
    }

    /// <summary>Asserts decoding throws a <see cref="ProtocolException"/> and returns the bytes allocated meanwhile.</summary>
    public static long AssertRejected(Type type, ReadOnlyMemory<byte> bytes, short version, string because)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Message(type, bytes, version);
        }
        catch (ProtocolException)
        {
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        catch (Exception other)
        {
            Assert.Fail($"{because}: expected ProtocolException, got {other.GetType().Name}: {other.Message}");
        }

        Assert.Fail($"{because}: decoding succeeded");
        return 0;
    }
}
