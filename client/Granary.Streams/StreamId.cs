// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;

namespace Granary.Streams;

/// <summary>
/// Identifies a stream (Orleans' StreamId shape): the namespace is the Kafka topic and the key is the record key, so
/// every record of one stream lands on one partition and keeps its order.
/// </summary>
public readonly struct StreamId : IEquatable<StreamId>, IComparable<StreamId>
{
    private StreamId(string ns, string key)
    {
        Namespace = ns;
        Key = key;
    }

    /// <summary>The namespace, which is the topic name.</summary>
    public string Namespace { get; }

    /// <summary>The key as text; its UTF-8 bytes are the record key.</summary>
    public string Key { get; }

    public static StreamId Create(string ns, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentNullException.ThrowIfNull(key);
        return new StreamId(ns, key);
    }

    /// <summary>A Guid key is written in the "N" format (32 hex digits), as Orleans does.</summary>
    public static StreamId Create(string ns, Guid key) => Create(ns, key.ToString("N"));

    public static StreamId Create(string ns, long key) => Create(ns, key.ToString(CultureInfo.InvariantCulture));

    public string GetNamespace() => Namespace;

    public string GetKeyAsString() => Key;

    /// <summary>The record key bytes (UTF-8 of <see cref="Key"/>).</summary>
    public byte[] GetKeyBytes() => Encoding.UTF8.GetBytes(Key ?? string.Empty);

    public bool Equals(StreamId other) => string.Equals(Namespace, other.Namespace, StringComparison.Ordinal) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is StreamId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Namespace, Key);

    public int CompareTo(StreamId other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Key, other.Key);
    }

    public override string ToString() => Namespace + "/" + Key;

    public static bool operator ==(StreamId left, StreamId right) => left.Equals(right);

    public static bool operator !=(StreamId left, StreamId right) => !left.Equals(right);

    public static bool operator <(StreamId left, StreamId right) => left.CompareTo(right) < 0;

    public static bool operator >(StreamId left, StreamId right) => left.CompareTo(right) > 0;

    public static bool operator <=(StreamId left, StreamId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(StreamId left, StreamId right) => left.CompareTo(right) >= 0;
}
