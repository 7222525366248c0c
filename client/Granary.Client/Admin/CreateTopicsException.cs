// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by CreateTopicsAsync when at least one topic failed; <see cref="Results"/> holds every topic's outcome.</summary>
public class CreateTopicsException : KafkaException
{
    public CreateTopicsException(List<CreateTopicReport> results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred creating topics: {Describe(results)}"))
    {
        Results = results;
    }

    public List<CreateTopicReport> Results { get; }

    private static string Describe(List<CreateTopicReport> results) => AdminErrorText.Describe(results);
}
