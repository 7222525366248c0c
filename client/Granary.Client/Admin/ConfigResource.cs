// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A resource whose configuration is described or altered: a topic or a broker (Name is the broker id).</summary>
public class ConfigResource : IEquatable<ConfigResource>
{
    public ResourceType Type { get; set; }

    public string Name { get; set; } = string.Empty;

    public bool Equals(ConfigResource? other) => other is not null && other.Type == Type && string.Equals(other.Name, Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ConfigResource);

    public override int GetHashCode() => HashCode.Combine(Type, StringComparer.Ordinal.GetHashCode(Name));

    public static bool operator ==(ConfigResource? a, ConfigResource? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(ConfigResource? a, ConfigResource? b) => !(a == b);

    public override string ToString() => $"[{Type}] {Name}";
}
