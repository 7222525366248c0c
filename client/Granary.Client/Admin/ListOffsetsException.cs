// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by ListOffsetsAsync when at least one partition failed.</summary>
public class ListOffsetsException : KafkaException
{
    public ListOffsetsException(ListOffsetsReport results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred listing offsets: {Describe(results)}"))
    {
        Result = results;
    }

    public ListOffsetsReport Result { get; }

    private static string Describe(ListOffsetsReport results) => AdminErrorText.Describe(results);
}
