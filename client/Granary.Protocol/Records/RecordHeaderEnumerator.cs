// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Primitives;

namespace Granary.Protocol.Records;

/// <summary>Enumerates a record's headers. The bytes were validated when the record was read, so this cannot fail.</summary>
public ref struct RecordHeaderEnumerator
{
    private ReadOnlySpan<byte> _remaining;
    private int _left;

    internal RecordHeaderEnumerator(ReadOnlySpan<byte> rawHeaders, int count)
    {
        _remaining = rawHeaders;
        _left = count;
        Current = default;
    }

    public RecordHeaderView Current { get; private set; }

    public readonly RecordHeaderEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_left == 0)
        {
            return false;
        }

        _left--;
        var p = VarInt.TryReadVarInt(_remaining, out var keyLength);
        var key = _remaining.Slice(p, keyLength);
        p += keyLength;
        p += VarInt.TryReadVarInt(_remaining[p..], out var valueLength);
        var value = valueLength < 0 ? default : _remaining.Slice(p, valueLength);
        p += Math.Max(valueLength, 0);
        Current = new RecordHeaderView(key, value, valueLength < 0);
        _remaining = _remaining[p..];
        return true;
    }
}
