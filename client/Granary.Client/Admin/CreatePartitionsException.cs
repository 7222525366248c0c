// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Raised by CreatePartitionsAsync when at least one topic failed; <see cref="Results"/> holds every topic's outcome.</summary>
public class CreatePartitionsException : KafkaException
{
    public CreatePartitionsException(List<CreatePartitionsReport> results)
        : base(new Error(ErrorCode.Local_Partial, $"An error occurred creating partitions: {Describe(results)}"))
    {
        Results = results;
    }

    public List<CreatePartitionsReport> Results { get; }

    private static string Describe(List<CreatePartitionsReport> results) => AdminErrorText.Describe(results);
}
