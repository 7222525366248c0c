// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections;

namespace Granary.Client;

/// <summary>An ordered list of headers; keys may repeat, as in Kafka.</summary>
public class Headers : IEnumerable<IHeader>
{
    private static readonly List<IHeader> Empty = [];

    // Made on the first Add: the consumer gives every message a Headers object (as Confluent.Kafka does), and most
    // messages have none, so an empty one costs a single small object.
    private List<IHeader>? _list;

    public int Count => _list?.Count ?? 0;

    public IHeader this[int index] => (_list ?? Empty)[index];

    public IReadOnlyList<IHeader> BackingList => _list ?? Empty;

    public void Add(string key, byte[]? val)
    {
        ArgumentNullException.ThrowIfNull(key);
        (_list ??= []).Add(new Header(key, val));
    }

    public void Add(Header header)
    {
        ArgumentNullException.ThrowIfNull(header);
        (_list ??= []).Add(header);
    }

    /// <summary>The value of the last header with this key; throws KeyNotFoundException if there is none.</summary>
    public byte[]? GetLastBytes(string key) =>
        TryGetLastBytes(key, out var value) ? value : throw new KeyNotFoundException($"The key {key} was not present in the headers collection.");

    public bool TryGetLastBytes(string key, out byte[]? lastHeader)
    {
        var headers = _list ?? Empty;
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (headers[i].Key == key)
            {
                lastHeader = headers[i].GetValueBytes();
                return true;
            }
        }

        lastHeader = null;
        return false;
    }

    public void Remove(string key) => _list?.RemoveAll(h => h.Key == key);

    public IEnumerator<IHeader> GetEnumerator() => (_list ?? Empty).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
