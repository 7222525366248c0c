// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;

namespace Granary.Client.Consuming;

/// <summary>
/// The client side of one broker's fetch session (KIP-227), owned by that broker's fetch loop (one thread at a time).
/// A full fetch (epoch 0) names every partition and asks for a session; later fetches are incremental: they name only
/// the partitions whose position, size or leader epoch changed, list the ones no longer wanted as forgotten, and the
/// broker answers only partitions with news. Any session error, failed request or new connection falls back to a
/// full fetch, which also closes the previous session on the broker.
/// </summary>
internal sealed class FetchSessionState
{
    private readonly Dictionary<TopicPartition, SessionPartition> _partitions = [];
    private Dictionary<TopicPartition, SessionPartition>? _sent;
    private bool _sentFull;

    /// <summary>The broker's session id; 0 when there is none.</summary>
    public int SessionId { get; private set; }

    /// <summary>The epoch of the next request: 0 for a full fetch that (re)creates the session, then 1, 2, ...</summary>
    public int Epoch { get; private set; }

    /// <summary>Whether the broker holds a session the next request continues incrementally.</summary>
    public bool IsOpen => SessionId != 0 && Epoch > 0;

    public long FullFetches { get; private set; }

    public long IncrementalFetches { get; private set; }

    /// <summary>Sessions lost to FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH or a failed request.</summary>
    public long Resets { get; private set; }

    /// <summary>
    /// Fills the session fields and the partitions of <paramref name="request"/> for the <paramref name="wanted"/>
    /// partitions, in order. Without <paramref name="supported"/> (Fetch below v7) the request is sessionless.
    /// </summary>
    public void Prepare(FetchRequest request, List<(TopicPartition Partition, FetchRequest.FetchPartition Fetch)> wanted, bool supported)
    {
        if (!supported)
        {
            request.SessionId = 0;
            request.SessionEpoch = -1;
            request.Topics = Group(wanted.Select(w => (w.Partition.Topic, w.Fetch)));
            _sent = null;
            return;
        }

        var next = new Dictionary<TopicPartition, SessionPartition>(wanted.Count);
        foreach (var (tp, fetch) in wanted)
        {
            next[tp] = new SessionPartition(fetch.FetchOffset, fetch.PartitionMaxBytes, fetch.CurrentLeaderEpoch);
        }

        _sent = next;
        request.SessionId = SessionId;
        if (!IsOpen)
        {
            _sentFull = true;
            request.SessionEpoch = 0;
            request.Topics = Group(wanted.Select(w => (w.Partition.Topic, w.Fetch)));
            return;
        }

        _sentFull = false;
        request.SessionEpoch = Epoch;
        request.Topics = Group(wanted
            .Where(w => !_partitions.TryGetValue(w.Partition, out var known) || known != next[w.Partition])
            .Select(w => (w.Partition.Topic, w.Fetch)));
        var forgotten = new Dictionary<string, FetchRequest.ForgottenTopic>(StringComparer.Ordinal);
        foreach (var tp in _partitions.Keys)
        {
            if (!next.ContainsKey(tp))
            {
                if (!forgotten.TryGetValue(tp.Topic, out var topic))
                {
                    forgotten[tp.Topic] = topic = new FetchRequest.ForgottenTopic { Topic = tp.Topic };
                }

                topic.Partitions.Add(tp.Partition.Value);
            }
        }

        request.ForgottenTopicsData = [.. forgotten.Values];
    }

    /// <summary>Whether the session should be closed now because nothing is wanted from this broker any more.</summary>
    public bool ShouldClose(int wantedCount) => wantedCount == 0 && IsOpen;

    /// <summary>A request that closes the session (epoch -1, no partitions); the state forgets the session.</summary>
    public FetchRequest CloseRequest(FetchRequest template)
    {
        template.SessionId = SessionId;
        template.SessionEpoch = -1;
        template.MaxWaitMs = 0;
        template.Topics = [];
        template.ForgottenTopicsData = [];
        Forget();
        return template;
    }

    /// <summary>
    /// Applies a response's top-level error and session id. Returns false when the response carries no partition data
    /// because the session was rejected: the caller fetches again at once (the state now asks for a full fetch).
    /// </summary>
    public bool OnResponse(short errorCode, int responseSessionId)
    {
        var sent = _sent;
        _sent = null;
        if (sent is null)
        {
            // Sessionless request.
            return true;
        }

        if (errorCode != 0)
        {
            // FETCH_SESSION_ID_NOT_FOUND (evicted), INVALID_FETCH_SESSION_EPOCH or anything else: start over with a full
            // fetch, which tells the broker to drop the old session (if it still has it) and make a new one.
            Reset();
            return false;
        }

        if (_sentFull)
        {
            FullFetches++;
            SessionId = responseSessionId;
            Epoch = responseSessionId != 0 ? 1 : 0;
        }
        else
        {
            IncrementalFetches++;
            Epoch = Epoch == int.MaxValue ? 1 : Epoch + 1;
        }

        _partitions.Clear();
        foreach (var (tp, partition) in sent)
        {
            _partitions[tp] = partition;
        }

        return true;
    }

    /// <summary>The request failed (transport, timeout): its effect on the session is unknown, so the next fetch is full.</summary>
    public void Reset()
    {
        _sent = null;
        if (IsOpen)
        {
            Resets++;
        }

        Epoch = 0;
        _partitions.Clear();
    }

    private void Forget()
    {
        _sent = null;
        SessionId = 0;
        Epoch = 0;
        _partitions.Clear();
    }

    private static List<FetchRequest.FetchTopic> Group(IEnumerable<(string Topic, FetchRequest.FetchPartition Fetch)> partitions)
    {
        var topics = new List<FetchRequest.FetchTopic>();
        FetchRequest.FetchTopic? current = null;
        foreach (var (topic, fetch) in partitions)
        {
            // The wanted list keeps a topic's partitions together only when assigned together: look the topic up.
            current = current is not null && current.Topic == topic ? current : topics.Find(t => t.Topic == topic);
            if (current is null)
            {
                current = new FetchRequest.FetchTopic { Topic = topic };
                topics.Add(current);
            }

            current.Partitions.Add(fetch);
        }

        return topics;
    }

    private readonly record struct SessionPartition(long FetchOffset, int MaxBytes, int LeaderEpoch);
}
