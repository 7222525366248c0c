// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by ListConsumerGroupOffsetsAsync when a group or a partition failed.</summary>
public class ListConsumerGroupOffsetsException : KafkaException
{
    public ListConsumerGroupOffsetsException(List<ListConsumerGroupOffsetsReport> results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred listing consumer group offsets: {Describe(results)}"))
    {
        Results = results;
    }

    public List<ListConsumerGroupOffsetsReport> Results { get; }

    private static string Describe(List<ListConsumerGroupOffsetsReport> results) => AdminErrorText.Describe(results);
}
