// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Administration;
using Xunit;

namespace Granary.Client.Tests.Admin;

public class AssignmentReaderTests
{
    [Fact]
    public void Reads_topics_and_partitions_of_a_consumer_assignment()
    {
        TopicPartition[] assignment = [new("a", 0), new("a", 2), new("bb", 1)];
        Assert.Equal(assignment, AssignmentReader.Read(RawGroupMember.EncodeAssignment(assignment)));
        Assert.Empty(AssignmentReader.Read(RawGroupMember.EncodeAssignment([])));
    }

    [Fact]
    public void Malformed_or_hostile_bytes_give_an_empty_assignment_without_allocating_their_claims()
    {
        var valid = RawGroupMember.EncodeAssignment([new("topic", 3)]);
        Assert.Empty(AssignmentReader.Read(ReadOnlyMemory<byte>.Empty));
        Assert.Empty(AssignmentReader.Read(valid.AsMemory(0, valid.Length - 9)));

        // A topic count of two billion in a 10-byte buffer must be refused before anything is allocated for it.
        byte[] huge = [0, 0, 0x7F, 0xFF, 0xFF, 0xFF, 0, 1, (byte)'x', 0];
        Assert.Empty(AssignmentReader.Read(huge));
        Assert.Empty(AssignmentReader.Read(new byte[] { 0xFF, 0xFF, 0, 0, 0, 1 }));
    }
}
