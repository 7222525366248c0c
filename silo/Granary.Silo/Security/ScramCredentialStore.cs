// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;

namespace Granary.Silo.Security;

/// <summary>SCRAM credentials by mechanism and user name (user names are case-sensitive, as in Kafka).</summary>
public sealed class ScramCredentialStore
{
    private readonly ConcurrentDictionary<(string Mechanism, string User), ScramCredential> _credentials = new();

    public int Count => _credentials.Count;

    public void Set(string user, ScramCredential credential)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(credential);
        _credentials[(credential.Mechanism.Name, user)] = credential;
    }

    public bool Remove(ScramMechanism mechanism, string user)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        return _credentials.TryRemove((mechanism.Name, user), out _);
    }

    public ScramCredential? Find(ScramMechanism mechanism, string user)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        return _credentials.TryGetValue((mechanism.Name, user), out var credential) ? credential : null;
    }

    public bool HasAny(ScramMechanism mechanism) => _credentials.Keys.Any(k => k.Mechanism == mechanism.Name);
}
