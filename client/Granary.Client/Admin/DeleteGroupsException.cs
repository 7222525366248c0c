// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by DeleteGroupsAsync when at least one group failed.</summary>
public class DeleteGroupsException : KafkaException
{
    public DeleteGroupsException(List<DeleteGroupReport> results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred deleting groups: {Describe(results)}"))
    {
        Results = results;
    }

    public List<DeleteGroupReport> Results { get; }

    private static string Describe(List<DeleteGroupReport> results) => AdminErrorText.Describe(results);
}
