// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using Granary.Protocol;
using Granary.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Granary.Silo.FetchSessions;

/// <summary>
/// The silo's fetch sessions (KIP-227), at most <c>max.incremental.fetch.session.cache.slots</c> of them; when full,
/// a new session evicts the least recently used one (whose client then gets FETCH_SESSION_ID_NOT_FOUND and starts
/// over with a full fetch). Memory is bounded by the slots times the partitions a request can name.
/// </summary>
public sealed class FetchSessionCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, FetchSession> _sessions = [];
    private readonly LinkedList<FetchSession> _lru = new();
    private readonly TimeProvider _time;

    public FetchSessionCache(IOptions<BrokerOptions> options, TimeProvider time)
        : this(options?.Value.MaxIncrementalFetchSessionCacheSlots ?? throw new ArgumentNullException(nameof(options)), time)
    {
    }

    public FetchSessionCache(int slots, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        ArgumentNullException.ThrowIfNull(time);
        Slots = slots;
        _time = time;
    }

    /// <summary>max.incremental.fetch.session.cache.slots.</summary>
    public int Slots { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Sessions evicted to make room since the silo started.</summary>
    public long Evictions { get; private set; }

    /// <summary>Creates a session with a fresh non-zero id, evicting the least recently used one when full; null when sessions are disabled (0 slots).</summary>
    public FetchSession? Create()
    {
        if (Slots == 0)
        {
            return null;
        }

        lock (_gate)
        {
            while (_sessions.Count >= Slots && _lru.First is { } oldest)
            {
                RemoveLocked(oldest.Value);
                Evictions++;
            }

            int id;
            do
            {
                // Unpredictable ids, so one client cannot guess (and disturb) another's session.
                id = RandomNumberGenerator.GetInt32(1, int.MaxValue);
            }
            while (_sessions.ContainsKey(id));

            var session = new FetchSession(id) { LastUsed = _time.GetTimestamp() };
            session.LruNode = _lru.AddLast(session);
            _sessions[id] = session;
            return session;
        }
    }

    /// <summary>
    /// Finds session <paramref name="sessionId"/> for an incremental fetch with <paramref name="epoch"/> (> 0) and
    /// moves it to the next epoch. Errors: FETCH_SESSION_ID_NOT_FOUND (unknown or evicted), INVALID_FETCH_SESSION_EPOCH.
    /// </summary>
    public KafkaErrorCode TryContinue(int sessionId, int epoch, out FetchSession? session)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out session))
            {
                return KafkaErrorCode.FetchSessionIdNotFound;
            }

            if (epoch != session.NextEpoch)
            {
                session = null;
                return KafkaErrorCode.InvalidFetchSessionEpoch;
            }

            session.NextEpoch = session.NextEpoch == int.MaxValue ? 1 : session.NextEpoch + 1;
            session.LastUsed = _time.GetTimestamp();
            _lru.Remove(session.LruNode!);
            _lru.AddLast(session.LruNode!);
            return KafkaErrorCode.None;
        }
    }

    /// <summary>Closes a session (a request with its id and epoch 0 or -1 ends it).</summary>
    public bool Remove(int sessionId)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out var session))
            {
                return false;
            }

            RemoveLocked(session);
            return true;
        }
    }

    private void RemoveLocked(FetchSession session)
    {
        _sessions.Remove(session.Id);
        if (session.LruNode is { List: not null } node)
        {
            _lru.Remove(node);
        }
    }
}
