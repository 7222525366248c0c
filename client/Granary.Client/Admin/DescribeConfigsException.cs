// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by DescribeConfigsAsync when at least one resource failed.</summary>
public class DescribeConfigsException : KafkaException
{
    public DescribeConfigsException(List<DescribeConfigsReport> results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred describing configs: {Describe(results)}"))
    {
        Results = results;
    }

    public List<DescribeConfigsReport> Results { get; }

    private static string Describe(List<DescribeConfigsReport> results) => AdminErrorText.Describe(results);
}
