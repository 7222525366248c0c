// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Whether a produced message was written to the log.</summary>
public enum PersistenceStatus
{
    NotPersisted = 0,
    PossiblyPersisted = 1,
    Persisted = 2,
}
