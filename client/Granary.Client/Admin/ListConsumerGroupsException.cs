// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by ListConsumerGroupsAsync when a broker could not list its groups.</summary>
public class ListConsumerGroupsException : KafkaException
{
    public ListConsumerGroupsException(ListConsumerGroupsReport results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred listing consumer groups: {Describe(results)}"))
    {
        Results = results;
    }

    public ListConsumerGroupsReport Results { get; }

    private static string Describe(ListConsumerGroupsReport results) => AdminErrorText.Describe(results);
}
