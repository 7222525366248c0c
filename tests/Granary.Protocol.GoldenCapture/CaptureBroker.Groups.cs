// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.GoldenCapture;

internal sealed partial class CaptureBroker
{
    // One member per group is all a capture needs: each joiner becomes the sole member and its own leader.
    private readonly Dictionary<string, byte[]> assignments = new(StringComparer.Ordinal);
    private int generation;
    private int memberSequence;

    private byte[] AnswerFindCoordinator(RequestContext context)
    {
        var v = context.Version;
        var writer = context.BeginResponse();
        if (v >= 1)
        {
            writer.Int32(0);
        }

        writer.Int16(0);
        if (v >= 1)
        {
            writer.String(null);
        }

        return writer.Int32(NodeId).String(host).Int32(port).Tags().ToFrame();
    }

    private byte[] AnswerJoinGroup(RequestContext context, ReadOnlySpan<byte> body)
    {
        var v = context.Version;
        var reader = new WireReader(body, context.Flexible);
        reader.ReadString();
        reader.ReadInt32();
        if (v >= 1)
        {
            reader.ReadInt32();
        }

        var memberId = reader.ReadString();
        string? groupInstanceId = null;
        if (v >= 5)
        {
            groupInstanceId = reader.ReadString();
        }

        var protocolType = reader.ReadString();
        reader.ReadArrayLength();
        var protocolName = reader.ReadString();
        var metadata = reader.ReadBytes().ToArray();

        int generationId;
        lock (gate)
        {
            if (string.IsNullOrEmpty(memberId))
            {
                memberId = $"{context.ClientId}-{++memberSequence}";
            }

            generationId = ++generation;
        }

        var writer = context.BeginResponse();
        if (v >= 2)
        {
            writer.Int32(0);
        }

        writer.Int16(0).Int32(generationId);
        if (v >= 7)
        {
            writer.String(protocolType);
        }

        writer.String(protocolName).String(memberId).String(memberId).ArrayLength(1).String(memberId);
        if (v >= 5)
        {
            writer.String(groupInstanceId);
        }

        return writer.Bytes(metadata).Tags().Tags().ToFrame();
    }

    private byte[] AnswerSyncGroup(RequestContext context, ReadOnlySpan<byte> body)
    {
        var v = context.Version;
        var reader = new WireReader(body, context.Flexible);
        var groupId = reader.ReadString() ?? string.Empty;
        reader.ReadInt32();
        var memberId = reader.ReadString();
        if (v >= 3)
        {
            reader.ReadString();
        }

        string? protocolType = null;
        string? protocolName = null;
        if (v >= 5)
        {
            protocolType = reader.ReadString();
            protocolName = reader.ReadString();
        }

        byte[] assignment;
        lock (gate)
        {
            var count = reader.ReadArrayLength();
            for (var i = 0; i < count; i++)
            {
                var assignedMember = reader.ReadString();
                var bytes = reader.ReadBytes().ToArray();
                reader.SkipTaggedFields();
                if (assignedMember == memberId)
                {
                    assignments[groupId] = bytes;
                }
            }

            assignment = assignments.GetValueOrDefault(groupId) ?? [];
        }

        var writer = context.BeginResponse();
        if (v >= 1)
        {
            writer.Int32(0);
        }

        writer.Int16(0);
        if (v >= 5)
        {
            writer.String(protocolType).String(protocolName);
        }

        return writer.Bytes(assignment).Tags().ToFrame();
    }

    private static byte[] AnswerHeartbeat(RequestContext context)
    {
        var writer = context.BeginResponse();
        if (context.Version >= 1)
        {
            writer.Int32(0);
        }

        return writer.Int16(0).Tags().ToFrame();
    }

    private static byte[] AnswerLeaveGroup(RequestContext context)
    {
        var writer = context.BeginResponse();
        if (context.Version >= 1)
        {
            writer.Int32(0);
        }

        writer.Int16(0);
        if (context.Version >= 3)
        {
            writer.ArrayLength(0);
        }

        return writer.Tags().ToFrame();
    }

    private static byte[] AnswerOffsetFetch(RequestContext context, ReadOnlySpan<byte> body)
    {
        var v = context.Version;
        var reader = new WireReader(body, context.Flexible);
        reader.ReadString();
        var requested = new List<(string Topic, int[] Partitions)>();
        var topicCount = reader.ReadArrayLength();
        for (var t = 0; t < topicCount; t++)
        {
            var topic = reader.ReadString() ?? string.Empty;
            var partitions = new int[Math.Max(0, reader.ReadArrayLength())];
            for (var p = 0; p < partitions.Length; p++)
            {
                partitions[p] = reader.ReadInt32();
            }

            reader.SkipTaggedFields();
            requested.Add((topic, partitions));
        }

        if (topicCount < 0)
        {
            requested.Add(("golden", [0]));
        }

        var writer = context.BeginResponse();
        if (v >= 3)
        {
            writer.Int32(0);
        }

        writer.ArrayLength(requested.Count);
        foreach (var (topic, partitions) in requested)
        {
            writer.String(topic).ArrayLength(partitions.Length);
            foreach (var partition in partitions)
            {
                // No committed offset: the consumer falls back to auto.offset.reset.
                writer.Int32(partition).Int64(-1);
                if (v >= 5)
                {
                    writer.Int32(-1);
                }

                writer.String(string.Empty).Int16(0).Tags();
            }

            writer.Tags();
        }

        if (v >= 2)
        {
            writer.Int16(0);
        }

        return writer.Tags().ToFrame();
    }

    private static byte[] AnswerOffsetCommit(RequestContext context, ReadOnlySpan<byte> body)
    {
        var v = context.Version;
        var reader = new WireReader(body, context.Flexible);
        reader.ReadString();
        if (v >= 1)
        {
            reader.ReadInt32();
            reader.ReadString();
        }

        if (v >= 7)
        {
            reader.ReadString();
        }

        if (v is >= 2 and <= 4)
        {
            reader.ReadInt64();
        }

        var writer = context.BeginResponse();
        if (v >= 3)
        {
            writer.Int32(0);
        }

        var topicCount = reader.ReadArrayLength();
        writer.ArrayLength(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            writer.String(reader.ReadString());
            var partitionCount = reader.ReadArrayLength();
            writer.ArrayLength(partitionCount);
            for (var p = 0; p < partitionCount; p++)
            {
                writer.Int32(reader.ReadInt32()).Int16(0).Tags();
                reader.ReadInt64();
                if (v == 1)
                {
                    reader.ReadInt64();
                }

                if (v >= 6)
                {
                    reader.ReadInt32();
                }

                reader.ReadString();
                reader.SkipTaggedFields();
            }

            reader.SkipTaggedFields();
            writer.Tags();
        }

        return writer.Tags().ToFrame();
    }
}
