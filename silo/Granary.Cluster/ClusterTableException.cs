// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>The cluster table's store failed (file locked, corrupt, unreachable). The message names the store.</summary>
public sealed class ClusterTableException : Exception
{
    public ClusterTableException()
    {
    }

    public ClusterTableException(string message)
        : base(message)
    {
    }

    public ClusterTableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
