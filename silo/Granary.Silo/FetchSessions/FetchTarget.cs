// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.FetchSessions;

/// <summary>One partition a fetch reads: from the request (full fetch) or from the session (incremental fetch).</summary>
public readonly record struct FetchTarget(string Topic, int Partition, long FetchOffset, int MaxBytes, Guid TopicId = default);
