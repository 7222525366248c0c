// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The cluster id, the controller and the brokers.</summary>
public class DescribeClusterResult
{
    public string? ClusterId { get; set; }

    /// <summary>The controller; null when the cluster has none at the moment.</summary>
    public Node? Controller { get; set; }

    public List<Node> Nodes { get; set; } = [];

    public List<AclOperation>? AuthorizedOperations { get; set; }
}
