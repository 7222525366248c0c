// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by DeleteConsumerGroupOffsetsAsync when the group or a partition failed.</summary>
public class DeleteConsumerGroupOffsetsException : KafkaException
{
    public DeleteConsumerGroupOffsetsException(DeleteConsumerGroupOffsetsReport results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred deleting consumer group offsets: {Describe(results)}"))
    {
        Result = results;
    }

    public DeleteConsumerGroupOffsetsReport Result { get; }

    private static string Describe(DeleteConsumerGroupOffsetsReport results) => AdminErrorText.Describe(results);
}
