// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The outcome of a commit, as passed to the offsets-committed handler.</summary>
public class CommittedOffsets
{
    public CommittedOffsets(IList<TopicPartitionOffsetError> offsets, Error error)
    {
        Offsets = [.. offsets];
        Error = error;
    }

    public List<TopicPartitionOffsetError> Offsets { get; }

    public Error Error { get; }
}
