// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by DeleteTopicsAsync when at least one topic failed; <see cref="Results"/> holds every topic's outcome.</summary>
public class DeleteTopicsException : KafkaException
{
    public DeleteTopicsException(List<DeleteTopicReport> results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred deleting topics: {Describe(results)}"))
    {
        Results = results;
    }

    public List<DeleteTopicReport> Results { get; }

    private static string Describe(List<DeleteTopicReport> results) => AdminErrorText.Describe(results);
}
