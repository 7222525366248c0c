// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Text;

namespace Granary.Grains.ConsumerGroups;

/// <summary>
/// Reads the topic list of a consumer's JoinGroup metadata (Kafka's ConsumerProtocolSubscription: int16 version,
/// then an int32-counted array of int16-length topic names, in every version). The coordinator needs only the
/// topics, for OffsetDelete and offset expiry.
/// </summary>
public static class ConsumerProtocolSubscription
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Adds the subscription's topics to <paramref name="topics"/>; false when the bytes are not a subscription.</summary>
    public static bool TryReadTopics(ReadOnlySpan<byte> metadata, ISet<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (metadata.Length < 6 || BinaryPrimitives.ReadInt16BigEndian(metadata) < 0)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(metadata[2..]);
        var rest = metadata[6..];
        if (count < 0 || (long)count * 2 > rest.Length)
        {
            return false;
        }

        var found = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            if (rest.Length < 2)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadInt16BigEndian(rest);
            if (length < 0 || length > rest.Length - 2)
            {
                return false;
            }

            try
            {
                found.Add(StrictUtf8.GetString(rest.Slice(2, length)));
            }
            catch (DecoderFallbackException)
            {
                return false;
            }

            rest = rest[(2 + length)..];
        }

        topics.UnionWith(found);
        return true;
    }

    /// <summary>Writes a version-0 subscription (topics and empty user data), for tests and tools.</summary>
    public static byte[] Encode(IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var size = 2 + 4 + 4 + topics.Sum(t => 2 + Encoding.UTF8.GetByteCount(t));
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt16BigEndian(span, 0);
        BinaryPrimitives.WriteInt32BigEndian(span[2..], topics.Count);
        var position = 6;
        foreach (var topic in topics)
        {
            var length = Encoding.UTF8.GetBytes(topic, span[(position + 2)..]);
            BinaryPrimitives.WriteInt16BigEndian(span[position..], (short)length);
            position += 2 + length;
        }

        BinaryPrimitives.WriteInt32BigEndian(span[position..], -1);
        return bytes;
    }
}
