// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by DescribeConsumerGroupsAsync when at least one group could not be described.</summary>
public class DescribeConsumerGroupsException : KafkaException
{
    public DescribeConsumerGroupsException(DescribeConsumerGroupsReport results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred describing consumer groups: {Describe(results)}"))
    {
        Results = results;
    }

    public DescribeConsumerGroupsReport Results { get; }

    private static string Describe(DescribeConsumerGroupsReport results) => AdminErrorText.Describe(results);
}
