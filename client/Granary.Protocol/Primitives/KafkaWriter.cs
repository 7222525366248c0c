// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Granary.Protocol.Primitives;

/// <summary>Writes Kafka's wire primitives to an <see cref="IBufferWriter{T}"/>.</summary>
public sealed class KafkaWriter
{
    private readonly IBufferWriter<byte> _output;
    private readonly ArrayBufferWriter<byte>? _own;

    public KafkaWriter(IBufferWriter<byte> output) => _output = output;

    /// <summary>Creates a writer over its own growable buffer (see <see cref="WrittenMemory"/>).</summary>
    public KafkaWriter()
    {
        _own = new ArrayBufferWriter<byte>();
        _output = _own;
    }

    /// <summary>Bytes written through this writer.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The bytes written so far, when the writer owns its buffer.</summary>
    public ReadOnlyMemory<byte> WrittenMemory =>
        _own?.WrittenMemory ?? throw new InvalidOperationException("This writer does not own its buffer.");

    public void WriteInt8(sbyte value) => Fixed(1)[0] = (byte)value;

    public void WriteBool(bool value) => Fixed(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Fixed(2), value);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Fixed(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Fixed(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Fixed(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Fixed(8), value);

    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleBigEndian(Fixed(8), value);

    /// <summary>Writes a UUID as Java lays it out: most significant long, then least significant long, big-endian.</summary>
    public void WriteUuid(Guid value)
    {
        var span = _output.GetSpan(16);
        value.TryWriteBytes(span, bigEndian: true, out _);
        Commit(16);
    }

    public void WriteUnsignedVarInt(uint value)
    {
        var span = _output.GetSpan(VarInt.MaxVarIntBytes);
        Commit(VarInt.WriteUnsignedVarInt(span, value));
    }

    public void WriteVarInt(int value) => WriteUnsignedVarInt(VarInt.ZigZag(value));

    public void WriteVarLong(long value)
    {
        var span = _output.GetSpan(VarInt.MaxVarLongBytes);
        Commit(VarInt.WriteVarLong(span, value));
    }

    public void WriteString(string value, bool compact)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteNullableString(value, compact);
    }

    public void WriteNullableString(string? value, bool compact)
    {
        if (value is null)
        {
            WriteLength(-1, compact, classicInt16: true);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        if (length > KafkaReader.MaxStringLength)
        {
            throw new ArgumentException($"A string of {length} UTF-8 bytes exceeds Kafka's limit of {KafkaReader.MaxStringLength}.", nameof(value));
        }

        WriteLength(length, compact, classicInt16: true);
        var span = _output.GetSpan(length);
        Commit(Encoding.UTF8.GetBytes(value, span));
    }

    public void WriteBytes(ReadOnlySpan<byte> value, bool compact)
    {
        WriteLength(value.Length, compact, classicInt16: false);
        WriteRaw(value);
    }

    public void WriteNullableBytes(ReadOnlyMemory<byte>? value, bool compact)
    {
        if (value is null)
        {
            WriteLength(-1, compact, classicInt16: false);
            return;
        }

        // A whole ExternalBytes into a sink: only the length is written here; the sink sends the bytes later.
        if (_output is IExternalBytesSink sink
            && MemoryMarshal.TryGetMemoryManager(value.Value, out ExternalBytes? external, out var start, out var length)
            && start == 0 && length == external.Length)
        {
            WriteLength(length, compact, classicInt16: false);
            sink.AppendExternal(external);
            BytesWritten += length;
            return;
        }

        WriteLength(value.Value.Length, compact, classicInt16: false);
        if (_output is IReferencedBytesSink references && references.TryAppendReference(value.Value))
        {
            BytesWritten += value.Value.Length;
            return;
        }

        WriteRaw(value.Value.Span);
    }

    /// <summary>Writes an array's element count (-1 for a null array).</summary>
    public void WriteArrayLength(int count, bool compact) => WriteLength(count, compact, classicInt16: false);

    /// <summary>Writes bytes as they are, with no length prefix.</summary>
    public void WriteRaw(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return;
        }

        value.CopyTo(_output.GetSpan(value.Length));
        Commit(value.Length);
    }

    /// <summary>Writes one tagged field whose value was encoded into <paramref name="value"/>.</summary>
    public void WriteTaggedField(int tag, ReadOnlySpan<byte> value)
    {
        WriteUnsignedVarInt((uint)tag);
        WriteUnsignedVarInt((uint)value.Length);
        WriteRaw(value);
    }

    /// <summary>
    /// Writes the unknown tagged fields whose tags lie in [<paramref name="fromTag"/>, <paramref name="toTag"/>), so
    /// callers can interleave them with known tags in ascending order.
    /// </summary>
    public void WriteUnknownTaggedFields(List<RawTaggedField>? fields, int fromTag, long toTag)
    {
        if (fields is null)
        {
            return;
        }

        foreach (var field in fields)
        {
            if (field.Tag >= fromTag && field.Tag < toTag)
            {
                WriteTaggedField(field.Tag, field.Data.Span);
            }
        }
    }

    private void WriteLength(int length, bool compact, bool classicInt16)
    {
        if (compact)
        {
            WriteUnsignedVarInt((uint)(length + 1));
        }
        else if (classicInt16)
        {
            WriteInt16((short)length);
        }
        else
        {
            WriteInt32(length);
        }
    }

    private Span<byte> Fixed(int size)
    {
        var span = _output.GetSpan(size)[..size];
        Commit(size);
        return span;
    }

    private void Commit(int count)
    {
        _output.Advance(count);
        BytesWritten += count;
    }
}
