// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections;

namespace Granary.Client;

/// <summary>An ordered list of headers; keys may repeat, as in Kafka.</summary>
public class Headers : IEnumerable<IHeader>
{
    private readonly List<IHeader> _headers = [];

    public int Count => _headers.Count;

    public IHeader this[int index] => _headers[index];

    public IReadOnlyList<IHeader> BackingList => _headers;

    public void Add(string key, byte[]? val)
    {
        ArgumentNullException.ThrowIfNull(key);
        _headers.Add(new Header(key, val));
    }

    public void Add(Header header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _headers.Add(header);
    }

    /// <summary>The value of the last header with this key; throws KeyNotFoundException if there is none.</summary>
    public byte[]? GetLastBytes(string key) =>
        TryGetLastBytes(key, out var value) ? value : throw new KeyNotFoundException($"The key {key} was not present in the headers collection.");

    public bool TryGetLastBytes(string key, out byte[]? lastHeader)
    {
        for (var i = _headers.Count - 1; i >= 0; i--)
        {
            if (_headers[i].Key == key)
            {
                lastHeader = _headers[i].GetValueBytes();
                return true;
            }
        }

        lastHeader = null;
        return false;
    }

    public void Remove(string key) => _headers.RemoveAll(h => h.Key == key);

    public IEnumerator<IHeader> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
