// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol;

/// <summary>Facts about <see cref="KafkaErrorCode"/> values that clients and brokers both need.</summary>
public static class KafkaErrorCodeExtensions
{
    /// <summary>Whether Kafka marks the error retriable: the same request may succeed if sent again.</summary>
    public static bool IsRetriable(this KafkaErrorCode code) => code switch
    {
            KafkaErrorCode.CorruptMessage or
            KafkaErrorCode.UnknownTopicOrPartition or
            KafkaErrorCode.LeaderNotAvailable or
            KafkaErrorCode.NotLeaderOrFollower or
            KafkaErrorCode.RequestTimedOut or
            KafkaErrorCode.ReplicaNotAvailable or
            KafkaErrorCode.NetworkException or
            KafkaErrorCode.CoordinatorLoadInProgress or
            KafkaErrorCode.CoordinatorNotAvailable or
            KafkaErrorCode.NotCoordinator or
            KafkaErrorCode.NotEnoughReplicas or
            KafkaErrorCode.NotEnoughReplicasAfterAppend or
            KafkaErrorCode.NotController or
            KafkaErrorCode.ConcurrentTransactions or
            KafkaErrorCode.KafkaStorageError or
            KafkaErrorCode.FetchSessionIdNotFound or
            KafkaErrorCode.InvalidFetchSessionEpoch or
            KafkaErrorCode.ListenerNotFound or
            KafkaErrorCode.FencedLeaderEpoch or
            KafkaErrorCode.UnknownLeaderEpoch or
            KafkaErrorCode.OffsetNotAvailable or
            KafkaErrorCode.PreferredLeaderNotAvailable or
            KafkaErrorCode.EligibleLeadersNotAvailable or
            KafkaErrorCode.UnstableOffsetCommit or
            KafkaErrorCode.ThrottlingQuotaExceeded or
            KafkaErrorCode.UnknownTopicId or
            KafkaErrorCode.FetchSessionTopicIdError or
            KafkaErrorCode.UnknownControllerId => true,
        _ => false,
    };
}
