// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Generator;

/// <summary>One field of a spec structure.</summary>
public sealed class FieldSpec
{
    public required string Name { get; init; }

    /// <summary>The spec type as written: "int32", "[]string", "[]TopicData", "LeaderIdAndEpoch".</summary>
    public required string Type { get; init; }

    public required VersionRange Versions { get; init; }

    public VersionRange NullableVersions { get; init; } = VersionRange.None;

    public VersionRange TaggedVersions { get; init; } = VersionRange.None;

    /// <summary>A field-level override of the message's flexible versions (RequestHeader.ClientId has "none").</summary>
    public VersionRange? FlexibleVersions { get; init; }

    public int? Tag { get; init; }

    public bool Ignorable { get; init; }

    /// <summary>The spec default as text ("null", "-1", "0x7fffffff", "true"), or null when absent.</summary>
    public string? Default { get; init; }

    public string? About { get; init; }

    public bool IsArray => Type.StartsWith("[]", StringComparison.Ordinal);

    public string ElementType => IsArray ? Type[2..] : Type;

    /// <summary>Versions where the field is encoded inline rather than as a tagged field.</summary>
    public VersionRange RegularVersions => Versions.Subtract(TaggedVersions);
}
