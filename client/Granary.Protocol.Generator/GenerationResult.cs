// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Generator;

/// <summary>The files one generator run produces, keyed by file name, and the spec files it skipped.</summary>
public sealed class GenerationResult
{
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    public required IReadOnlyList<MessageSpec> Messages { get; init; }

    /// <summary>The "data" specs emitted as message types but kept out of the API catalog.</summary>
    public IReadOnlyList<MessageSpec> DataMessages { get; init; } = [];

    /// <summary>Spec files that are not requests, responses or headers (data records), with their type.</summary>
    public required IReadOnlyList<string> Ignored { get; init; }
}
