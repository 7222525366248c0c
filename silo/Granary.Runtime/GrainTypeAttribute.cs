// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime;

/// <summary>
/// Names a grain class's type in <see cref="GrainId"/>s. Without it the name is the class name, lower-cased, minus a
/// trailing "Grain" (<c>PartitionGrain</c> becomes <c>partition</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name; must not contain '/'.</summary>
    public string Name { get; } = name;
}
