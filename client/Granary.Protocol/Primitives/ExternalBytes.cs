// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;

namespace Granary.Protocol.Primitives;

/// <summary>
/// A bytes field whose content lives elsewhere (a range of a log segment file) and is read only when the message is
/// sent. Put it in a message's bytes field with <see cref="MemoryManager{T}.Memory"/>; a <see cref="KafkaWriter"/>
/// over an <see cref="IExternalBytesSink"/> then writes the length prefix and hands the range to the sink instead of
/// copying it, so the transport can read the file straight into its socket buffer (one copy instead of three).
/// </summary>
/// <remarks>
/// Any other reader of the memory (a writer that is not a sink, a test) gets the bytes materialized into an array on
/// first use. Dispose releases the source; a sink that took the bytes disposes them once they are sent.
/// </remarks>
public abstract class ExternalBytes : MemoryManager<byte>
{
    private byte[]? _materialized;
    private int _disposed;

    protected ExternalBytes(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
    }

    /// <summary>The number of bytes.</summary>
    public int Length { get; }

    /// <summary>The bytes as a memory to put in a message field (without reading them).</summary>
    public override Memory<byte> Memory => CreateMemory(Length);

    /// <summary>True once a sink has taken these bytes (and with them the duty to dispose them).</summary>
    public bool IsClaimed { get; private set; }

    /// <summary>Marks the bytes as owned by a sink.</summary>
    public void Claim() => IsClaimed = true;

    /// <summary>
    /// Copies bytes [<paramref name="offset"/>, offset + destination.Length) of the content into
    /// <paramref name="destination"/>; throws when the source can no longer supply them.
    /// </summary>
    public abstract void Read(long offset, Span<byte> destination);

    public override Span<byte> GetSpan()
    {
        if (_materialized is null)
        {
            var bytes = GC.AllocateUninitializedArray<byte>(Length);
            Read(0, bytes);
            _materialized = bytes;
        }

        return _materialized;
    }

    public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException("External bytes cannot be pinned; read them with Read.");

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && disposing)
        {
            Release();
        }
    }

    /// <summary>Releases the source of the bytes (called once).</summary>
    protected abstract void Release();
}
