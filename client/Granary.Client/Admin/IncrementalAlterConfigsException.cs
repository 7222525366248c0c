// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by IncrementalAlterConfigsAsync when at least one resource failed.</summary>
public class IncrementalAlterConfigsException : KafkaException
{
    public IncrementalAlterConfigsException(List<IncrementalAlterConfigsReport> results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred incrementally altering configs: {Describe(results)}"))
    {
        Results = results;
    }

    public List<IncrementalAlterConfigsReport> Results { get; }

    private static string Describe(List<IncrementalAlterConfigsReport> results) => AdminErrorText.Describe(results);
}
