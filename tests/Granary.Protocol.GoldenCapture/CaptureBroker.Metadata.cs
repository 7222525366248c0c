// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.GoldenCapture;

internal sealed partial class CaptureBroker
{
    private readonly SortedSet<string> topics = new(StringComparer.Ordinal) { "golden" };

    private byte[] AnswerMetadata(RequestContext context, ReadOnlySpan<byte> body, out string? label)
    {
        var reader = new WireReader(body, context.Flexible);
        var requested = new List<string>();
        var count = reader.ReadArrayLength();

        // "All topics" (null, or empty before v1), "no topics" and a named list are different shapes worth keeping.
        label = count > 0 ? "topics" : count < 0 || context.Version == 0 ? "all" : "none";
        for (var i = 0; i < count; i++)
        {
            if (context.Version >= 10)
            {
                reader.ReadUuid();
            }

            if (reader.ReadString() is { } name)
            {
                requested.Add(name);
            }

            reader.SkipTaggedFields();
        }

        string[] answered;
        lock (gate)
        {
            // Every topic asked for exists, with one partition: the capture broker auto-creates.
            topics.UnionWith(requested);
            answered = requested.Count > 0 ? [.. requested] : [.. topics];
        }

        var v = context.Version;
        var writer = context.BeginResponse();
        if (v >= 3)
        {
            writer.Int32(0);
        }

        writer.ArrayLength(1).Int32(NodeId).String(host).Int32(port);
        if (v >= 1)
        {
            writer.String(null);
        }

        writer.Tags();
        if (v >= 2)
        {
            writer.String(ClusterId);
        }

        if (v >= 1)
        {
            writer.Int32(NodeId);
        }

        writer.ArrayLength(answered.Length);
        foreach (var topic in answered)
        {
            writer.Int16(0).String(topic);
            if (v >= 10)
            {
                writer.Uuid(TopicIdOf(topic));
            }

            if (v >= 1)
            {
                writer.Bool(false);
            }

            writer.ArrayLength(1).Int16(0).Int32(0).Int32(NodeId);
            if (v >= 7)
            {
                // An unknown leader epoch keeps clients from validating positions with OffsetForLeaderEpoch.
                writer.Int32(-1);
            }

            writer.Int32Array(NodeId).Int32Array(NodeId);
            if (v >= 5)
            {
                writer.Int32Array();
            }

            writer.Tags();
            if (v >= 8)
            {
                writer.Int32(int.MinValue);
            }

            writer.Tags();
        }

        if (v is >= 8 and <= 10)
        {
            writer.Int32(int.MinValue);
        }

        return writer.Tags().ToFrame();
    }

    private static Guid TopicIdOf(string topic)
    {
        // Deterministic and non-zero, so repeated captures answer with the same id.
        Span<byte> bytes = stackalloc byte[16];
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(topic));
        hash.AsSpan(0, 16).CopyTo(bytes);
        return new Guid(bytes, bigEndian: true);
    }
}
