// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster.Controller;

/// <summary>Result of a controller topic operation.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Topic">The topic as stored after the operation, when it succeeded.</param>
/// <param name="ErrorMessage">A human-readable reason when it failed.</param>
public sealed record TopicCreationResult(TopicCreationStatus Status, TopicRecord? Topic, string? ErrorMessage)
{
    /// <summary>Whether the operation succeeded.</summary>
    public bool Succeeded => Status == TopicCreationStatus.Success;
}
