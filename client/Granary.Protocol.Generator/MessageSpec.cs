// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Generator;

/// <summary>One parsed spec file of type request, response, header or (for the consumer protocol) data.</summary>
public sealed class MessageSpec
{
    public required string FileName { get; init; }

    public required string Name { get; init; }

    /// <summary>"request", "response", "header" or "data".</summary>
    public required string Kind { get; init; }

    public short? ApiKey { get; init; }

    public required VersionRange ValidVersions { get; init; }

    public required VersionRange FlexibleVersions { get; init; }

    public bool LatestVersionUnstable { get; init; }

    public required IReadOnlyList<FieldSpec> Fields { get; init; }

    /// <summary>Every struct the message defines, inline or common, in order of first appearance.</summary>
    public required IReadOnlyList<StructSpec> Structs { get; init; }

    public StructSpec? FindStruct(string specName) => Structs.FirstOrDefault(s => s.SpecName == specName);
}
