// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Execution;

/// <summary>Maps a grain interface to its implementation class and grain type name.</summary>
internal sealed record GrainTypeRegistration(Type InterfaceType, Type ImplementationType, string GrainTypeName)
{
    /// <summary>The grain type name of a class: its <see cref="GrainTypeAttribute"/>, or its lower-cased name minus "Grain".</summary>
    public static string NameOf(Type implementationType)
    {
        if (Attribute.GetCustomAttribute(implementationType, typeof(GrainTypeAttribute)) is GrainTypeAttribute named)
        {
            return named.Name;
        }

        var name = implementationType.Name;
        var generic = name.IndexOf('`', StringComparison.Ordinal);
        if (generic > 0)
        {
            name = name[..generic];
        }

        if (name.Length > "Grain".Length && name.EndsWith("Grain", StringComparison.Ordinal))
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }
}
