// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by AlterConsumerGroupOffsetsAsync when a group or a partition failed.</summary>
public class AlterConsumerGroupOffsetsException : KafkaException
{
    public AlterConsumerGroupOffsetsException(List<AlterConsumerGroupOffsetsReport> results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred altering consumer group offsets: {Describe(results)}"))
    {
        Results = results;
    }

    public List<AlterConsumerGroupOffsetsReport> Results { get; }

    private static string Describe(List<AlterConsumerGroupOffsetsReport> results) => AdminErrorText.Describe(results);
}
