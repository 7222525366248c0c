// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by DeleteRecordsAsync when at least one partition failed.</summary>
public class DeleteRecordsException : KafkaException
{
    public DeleteRecordsException(List<DeleteRecordsReport> results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred deleting records: {Describe(results)}"))
    {
        Results = results;
    }

    public List<DeleteRecordsReport> Results { get; }

    private static string Describe(List<DeleteRecordsReport> results) => AdminErrorText.Describe(results);
}
