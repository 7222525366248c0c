// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol;

/// <summary>The error codes of the Kafka protocol, with Kafka's numbers (the Java enum <c>Errors</c>).</summary>
public enum KafkaErrorCode : short
{
    /// <summary>UNKNOWN_SERVER_ERROR</summary>
    UnknownServerError = -1,
    /// <summary>NONE</summary>
    None = 0,
    /// <summary>OFFSET_OUT_OF_RANGE</summary>
    OffsetOutOfRange = 1,
    /// <summary>CORRUPT_MESSAGE</summary>
    CorruptMessage = 2,
    /// <summary>UNKNOWN_TOPIC_OR_PARTITION</summary>
    UnknownTopicOrPartition = 3,
    /// <summary>INVALID_FETCH_SIZE</summary>
    InvalidFetchSize = 4,
    /// <summary>LEADER_NOT_AVAILABLE</summary>
    LeaderNotAvailable = 5,
    /// <summary>NOT_LEADER_OR_FOLLOWER</summary>
    NotLeaderOrFollower = 6,
    /// <summary>REQUEST_TIMED_OUT</summary>
    RequestTimedOut = 7,
    /// <summary>BROKER_NOT_AVAILABLE</summary>
    BrokerNotAvailable = 8,
    /// <summary>REPLICA_NOT_AVAILABLE</summary>
    ReplicaNotAvailable = 9,
    /// <summary>MESSAGE_TOO_LARGE</summary>
    MessageTooLarge = 10,
    /// <summary>STALE_CONTROLLER_EPOCH</summary>
    StaleControllerEpoch = 11,
    /// <summary>OFFSET_METADATA_TOO_LARGE</summary>
    OffsetMetadataTooLarge = 12,
    /// <summary>NETWORK_EXCEPTION</summary>
    NetworkException = 13,
    /// <summary>COORDINATOR_LOAD_IN_PROGRESS</summary>
    CoordinatorLoadInProgress = 14,
    /// <summary>COORDINATOR_NOT_AVAILABLE</summary>
    CoordinatorNotAvailable = 15,
    /// <summary>NOT_COORDINATOR</summary>
    NotCoordinator = 16,
    /// <summary>INVALID_TOPIC_EXCEPTION</summary>
    InvalidTopicException = 17,
    /// <summary>RECORD_LIST_TOO_LARGE</summary>
    RecordListTooLarge = 18,
    /// <summary>NOT_ENOUGH_REPLICAS</summary>
    NotEnoughReplicas = 19,
    /// <summary>NOT_ENOUGH_REPLICAS_AFTER_APPEND</summary>
    NotEnoughReplicasAfterAppend = 20,
    /// <summary>INVALID_REQUIRED_ACKS</summary>
    InvalidRequiredAcks = 21,
    /// <summary>ILLEGAL_GENERATION</summary>
    IllegalGeneration = 22,
    /// <summary>INCONSISTENT_GROUP_PROTOCOL</summary>
    InconsistentGroupProtocol = 23,
    /// <summary>INVALID_GROUP_ID</summary>
    InvalidGroupId = 24,
    /// <summary>UNKNOWN_MEMBER_ID</summary>
    UnknownMemberId = 25,
    /// <summary>INVALID_SESSION_TIMEOUT</summary>
    InvalidSessionTimeout = 26,
    /// <summary>REBALANCE_IN_PROGRESS</summary>
    RebalanceInProgress = 27,
    /// <summary>INVALID_COMMIT_OFFSET_SIZE</summary>
    InvalidCommitOffsetSize = 28,
    /// <summary>TOPIC_AUTHORIZATION_FAILED</summary>
    TopicAuthorizationFailed = 29,
    /// <summary>GROUP_AUTHORIZATION_FAILED</summary>
    GroupAuthorizationFailed = 30,
    /// <summary>CLUSTER_AUTHORIZATION_FAILED</summary>
    ClusterAuthorizationFailed = 31,
    /// <summary>INVALID_TIMESTAMP</summary>
    InvalidTimestamp = 32,
    /// <summary>UNSUPPORTED_SASL_MECHANISM</summary>
    UnsupportedSaslMechanism = 33,
    /// <summary>ILLEGAL_SASL_STATE</summary>
    IllegalSaslState = 34,
    /// <summary>UNSUPPORTED_VERSION</summary>
    UnsupportedVersion = 35,
    /// <summary>TOPIC_ALREADY_EXISTS</summary>
    TopicAlreadyExists = 36,
    /// <summary>INVALID_PARTITIONS</summary>
    InvalidPartitions = 37,
    /// <summary>INVALID_REPLICATION_FACTOR</summary>
    InvalidReplicationFactor = 38,
    /// <summary>INVALID_REPLICA_ASSIGNMENT</summary>
    InvalidReplicaAssignment = 39,
    /// <summary>INVALID_CONFIG</summary>
    InvalidConfig = 40,
    /// <summary>NOT_CONTROLLER</summary>
    NotController = 41,
    /// <summary>INVALID_REQUEST</summary>
    InvalidRequest = 42,
    /// <summary>UNSUPPORTED_FOR_MESSAGE_FORMAT</summary>
    UnsupportedForMessageFormat = 43,
    /// <summary>POLICY_VIOLATION</summary>
    PolicyViolation = 44,
    /// <summary>OUT_OF_ORDER_SEQUENCE_NUMBER</summary>
    OutOfOrderSequenceNumber = 45,
    /// <summary>DUPLICATE_SEQUENCE_NUMBER</summary>
    DuplicateSequenceNumber = 46,
    /// <summary>INVALID_PRODUCER_EPOCH</summary>
    InvalidProducerEpoch = 47,
    /// <summary>INVALID_TXN_STATE</summary>
    InvalidTxnState = 48,
    /// <summary>INVALID_PRODUCER_ID_MAPPING</summary>
    InvalidProducerIdMapping = 49,
    /// <summary>INVALID_TRANSACTION_TIMEOUT</summary>
    InvalidTransactionTimeout = 50,
    /// <summary>CONCURRENT_TRANSACTIONS</summary>
    ConcurrentTransactions = 51,
    /// <summary>TRANSACTION_COORDINATOR_FENCED</summary>
    TransactionCoordinatorFenced = 52,
    /// <summary>TRANSACTIONAL_ID_AUTHORIZATION_FAILED</summary>
    TransactionalIdAuthorizationFailed = 53,
    /// <summary>SECURITY_DISABLED</summary>
    SecurityDisabled = 54,
    /// <summary>OPERATION_NOT_ATTEMPTED</summary>
    OperationNotAttempted = 55,
    /// <summary>KAFKA_STORAGE_ERROR</summary>
    KafkaStorageError = 56,
    /// <summary>LOG_DIR_NOT_FOUND</summary>
    LogDirNotFound = 57,
    /// <summary>SASL_AUTHENTICATION_FAILED</summary>
    SaslAuthenticationFailed = 58,
    /// <summary>UNKNOWN_PRODUCER_ID</summary>
    UnknownProducerId = 59,
    /// <summary>REASSIGNMENT_IN_PROGRESS</summary>
    ReassignmentInProgress = 60,
    /// <summary>DELEGATION_TOKEN_AUTH_DISABLED</summary>
    DelegationTokenAuthDisabled = 61,
    /// <summary>DELEGATION_TOKEN_NOT_FOUND</summary>
    DelegationTokenNotFound = 62,
    /// <summary>DELEGATION_TOKEN_OWNER_MISMATCH</summary>
    DelegationTokenOwnerMismatch = 63,
    /// <summary>DELEGATION_TOKEN_REQUEST_NOT_ALLOWED</summary>
    DelegationTokenRequestNotAllowed = 64,
    /// <summary>DELEGATION_TOKEN_AUTHORIZATION_FAILED</summary>
    DelegationTokenAuthorizationFailed = 65,
    /// <summary>DELEGATION_TOKEN_EXPIRED</summary>
    DelegationTokenExpired = 66,
    /// <summary>INVALID_PRINCIPAL_TYPE</summary>
    InvalidPrincipalType = 67,
    /// <summary>NON_EMPTY_GROUP</summary>
    NonEmptyGroup = 68,
    /// <summary>GROUP_ID_NOT_FOUND</summary>
    GroupIdNotFound = 69,
    /// <summary>FETCH_SESSION_ID_NOT_FOUND</summary>
    FetchSessionIdNotFound = 70,
    /// <summary>INVALID_FETCH_SESSION_EPOCH</summary>
    InvalidFetchSessionEpoch = 71,
    /// <summary>LISTENER_NOT_FOUND</summary>
    ListenerNotFound = 72,
    /// <summary>TOPIC_DELETION_DISABLED</summary>
    TopicDeletionDisabled = 73,
    /// <summary>FENCED_LEADER_EPOCH</summary>
    FencedLeaderEpoch = 74,
    /// <summary>UNKNOWN_LEADER_EPOCH</summary>
    UnknownLeaderEpoch = 75,
    /// <summary>UNSUPPORTED_COMPRESSION_TYPE</summary>
    UnsupportedCompressionType = 76,
    /// <summary>STALE_BROKER_EPOCH</summary>
    StaleBrokerEpoch = 77,
    /// <summary>OFFSET_NOT_AVAILABLE</summary>
    OffsetNotAvailable = 78,
    /// <summary>MEMBER_ID_REQUIRED</summary>
    MemberIdRequired = 79,
    /// <summary>PREFERRED_LEADER_NOT_AVAILABLE</summary>
    PreferredLeaderNotAvailable = 80,
    /// <summary>GROUP_MAX_SIZE_REACHED</summary>
    GroupMaxSizeReached = 81,
    /// <summary>FENCED_INSTANCE_ID</summary>
    FencedInstanceId = 82,
    /// <summary>ELIGIBLE_LEADERS_NOT_AVAILABLE</summary>
    EligibleLeadersNotAvailable = 83,
    /// <summary>ELECTION_NOT_NEEDED</summary>
    ElectionNotNeeded = 84,
    /// <summary>NO_REASSIGNMENT_IN_PROGRESS</summary>
    NoReassignmentInProgress = 85,
    /// <summary>GROUP_SUBSCRIBED_TO_TOPIC</summary>
    GroupSubscribedToTopic = 86,
    /// <summary>INVALID_RECORD</summary>
    InvalidRecord = 87,
    /// <summary>UNSTABLE_OFFSET_COMMIT</summary>
    UnstableOffsetCommit = 88,
    /// <summary>THROTTLING_QUOTA_EXCEEDED</summary>
    ThrottlingQuotaExceeded = 89,
    /// <summary>PRODUCER_FENCED</summary>
    ProducerFenced = 90,
    /// <summary>RESOURCE_NOT_FOUND</summary>
    ResourceNotFound = 91,
    /// <summary>DUPLICATE_RESOURCE</summary>
    DuplicateResource = 92,
    /// <summary>UNACCEPTABLE_CREDENTIAL</summary>
    UnacceptableCredential = 93,
    /// <summary>INCONSISTENT_VOTER_SET</summary>
    InconsistentVoterSet = 94,
    /// <summary>INVALID_UPDATE_VERSION</summary>
    InvalidUpdateVersion = 95,
    /// <summary>FEATURE_UPDATE_FAILED</summary>
    FeatureUpdateFailed = 96,
    /// <summary>PRINCIPAL_DESERIALIZATION_FAILURE</summary>
    PrincipalDeserializationFailure = 97,
    /// <summary>SNAPSHOT_NOT_FOUND</summary>
    SnapshotNotFound = 98,
    /// <summary>POSITION_OUT_OF_RANGE</summary>
    PositionOutOfRange = 99,
    /// <summary>UNKNOWN_TOPIC_ID</summary>
    UnknownTopicId = 100,
    /// <summary>DUPLICATE_BROKER_REGISTRATION</summary>
    DuplicateBrokerRegistration = 101,
    /// <summary>BROKER_ID_NOT_REGISTERED</summary>
    BrokerIdNotRegistered = 102,
    /// <summary>INCONSISTENT_TOPIC_ID</summary>
    InconsistentTopicId = 103,
    /// <summary>INCONSISTENT_CLUSTER_ID</summary>
    InconsistentClusterId = 104,
    /// <summary>TRANSACTIONAL_ID_NOT_FOUND</summary>
    TransactionalIdNotFound = 105,
    /// <summary>FETCH_SESSION_TOPIC_ID_ERROR</summary>
    FetchSessionTopicIdError = 106,
    /// <summary>INELIGIBLE_REPLICA</summary>
    IneligibleReplica = 107,
    /// <summary>NEW_LEADER_ELECTED</summary>
    NewLeaderElected = 108,
    /// <summary>OFFSET_MOVED_TO_TIERED_STORAGE</summary>
    OffsetMovedToTieredStorage = 109,
    /// <summary>FENCED_MEMBER_EPOCH</summary>
    FencedMemberEpoch = 110,
    /// <summary>UNRELEASED_INSTANCE_ID</summary>
    UnreleasedInstanceId = 111,
    /// <summary>UNSUPPORTED_ASSIGNOR</summary>
    UnsupportedAssignor = 112,
    /// <summary>STALE_MEMBER_EPOCH</summary>
    StaleMemberEpoch = 113,
    /// <summary>MISMATCHED_ENDPOINT_TYPE</summary>
    MismatchedEndpointType = 114,
    /// <summary>UNSUPPORTED_ENDPOINT_TYPE</summary>
    UnsupportedEndpointType = 115,
    /// <summary>UNKNOWN_CONTROLLER_ID</summary>
    UnknownControllerId = 116,
    /// <summary>UNKNOWN_SUBSCRIPTION_ID</summary>
    UnknownSubscriptionId = 117,
    /// <summary>TELEMETRY_TOO_LARGE</summary>
    TelemetryTooLarge = 118,
    /// <summary>INVALID_REGISTRATION</summary>
    InvalidRegistration = 119,
    /// <summary>TRANSACTION_ABORTABLE</summary>
    TransactionAbortable = 120,
}
