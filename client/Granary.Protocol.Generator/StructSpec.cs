// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Generator;

/// <summary>A nested structure (an inline struct type or a commonStruct) with the C# class name it gets.</summary>
public sealed class StructSpec
{
    public required string SpecName { get; init; }

    public required string ClassName { get; set; }

    public required IReadOnlyList<FieldSpec> Fields { get; init; }
}
