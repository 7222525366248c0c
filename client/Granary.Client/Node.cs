// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A broker: id, host, port and rack.</summary>
public class Node
{
    public int Id { get; set; }

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; }

    public string? Rack { get; set; }

    public override bool Equals(object? obj) => obj is Node n && n.Id == Id && n.Host == Host && n.Port == Port && n.Rack == Rack;

    public override int GetHashCode() => HashCode.Combine(Id, Host, Port, Rack);

    public override string ToString() => $"{Id} {Host}:{Port}{(Rack is null ? string.Empty : $" rack {Rack}")}";
}
