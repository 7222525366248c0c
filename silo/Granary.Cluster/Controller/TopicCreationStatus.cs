// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster.Controller;

/// <summary>Outcome of a controller topic operation; each maps to one Kafka error code.</summary>
public enum TopicCreationStatus
{
    /// <summary>Done (NONE).</summary>
    Success = 0,

    /// <summary>The topic exists (TOPIC_ALREADY_EXISTS, 36).</summary>
    TopicAlreadyExists = 1,

    /// <summary>The topic does not exist (UNKNOWN_TOPIC_OR_PARTITION, 3).</summary>
    UnknownTopic = 2,

    /// <summary>Partition count invalid (INVALID_PARTITIONS, 37).</summary>
    InvalidPartitions = 3,

    /// <summary>Replication factor invalid or larger than the live silos (INVALID_REPLICATION_FACTOR, 38).</summary>
    InvalidReplicationFactor = 4,

    /// <summary>This silo is not the controller (NOT_CONTROLLER, 41).</summary>
    NotController = 5,

    /// <summary>Concurrent changes kept conflicting; the caller may retry.</summary>
    Conflict = 6,
}
