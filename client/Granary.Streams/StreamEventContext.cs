// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;

namespace Granary.Streams;

/// <summary>Where a delivered item came from and how often it has been attempted.</summary>
public sealed class StreamEventContext
{
    internal StreamEventContext(StreamId streamId, StreamSequenceToken token, Timestamp timestamp, Headers headers, int attempt, CancellationToken cancellationToken)
    {
        StreamId = streamId;
        Token = token;
        Timestamp = timestamp;
        Headers = headers;
        Attempt = attempt;
        CancellationToken = cancellationToken;
    }

    public StreamId StreamId { get; }

    public StreamSequenceToken Token { get; }

    public Timestamp Timestamp { get; }

    public Headers Headers { get; }

    /// <summary>1 on first delivery, then counts the retries of this record within this process.</summary>
    public int Attempt { get; }

    /// <summary>Signalled when the subscription stops; the record is then delivered again later.</summary>
    public CancellationToken CancellationToken { get; }
}
