// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by AlterConfigsAsync when at least one resource failed.</summary>
public class AlterConfigsException : KafkaException
{
    public AlterConfigsException(List<AlterConfigsReport> results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred altering configs: {Describe(results)}"))
    {
        Results = results;
    }

    public List<AlterConfigsReport> Results { get; }

    private static string Describe(List<AlterConfigsReport> results) => AdminErrorText.Describe(results);
}
