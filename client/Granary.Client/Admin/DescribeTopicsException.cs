// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by DescribeTopicsAsync when at least one topic could not be described.</summary>
public class DescribeTopicsException : KafkaException
{
    public DescribeTopicsException(DescribeTopicsReport results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred describing topics: {Describe(results)}"))
    {
        Results = results;
    }

    public DescribeTopicsReport Results { get; }

    private static string Describe(DescribeTopicsReport results) => AdminErrorText.Describe(results);
}
