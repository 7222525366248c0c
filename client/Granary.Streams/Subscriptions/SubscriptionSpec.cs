// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Subscriptions;

/// <summary>What one subscription reads: a topic, optionally one key of it, from where, as which consumer group.</summary>
internal sealed record SubscriptionSpec(
    string Topic,
    byte[]? Key,
    string GroupId,
    StreamSequenceToken? Token,
    DateTimeOffset? FromTime,
    StreamSubscriptionStartPosition StartPosition,
    string Name);
