// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Win32.SafeHandles;

namespace Granary.Storage.IO;

/// <summary>
/// Wraps a device and fails writes the way a full disk does: once the byte budget is spent, a write stores the
/// bytes that still fit and then throws an <see cref="IOException"/> (ENOSPC). Only paths accepted by
/// <see cref="PathFilter"/> are affected, so a test can fill one partition's "disk" and keep the others healthy.
/// </summary>
public sealed class FaultInjectingStorageDevice : IStorageDevice
{
    private readonly IStorageDevice _inner;
    private long _writeBudget = long.MaxValue;

    public FaultInjectingStorageDevice(IStorageDevice inner) => _inner = inner;

    /// <summary>Which paths the faults apply to; all paths when null.</summary>
    public Func<string, bool>? PathFilter { get; set; }

    /// <summary>Bytes that may still be written to matching paths before writes fail; long.MaxValue = unlimited.</summary>
    public long WriteBudget
    {
        get => Interlocked.Read(ref _writeBudget);
        set => Interlocked.Exchange(ref _writeBudget, value);
    }

    /// <summary>When set, fsync of matching files fails with an I/O error.</summary>
    public bool FailFlush { get; set; }

    public IStorageFile Open(string path, bool create) => new FaultyFile(this, _inner.Open(path, create), path);

    public bool FileExists(string path) => _inner.FileExists(path);

    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);

    public void CreateDirectory(string path) => _inner.CreateDirectory(path);

    public IReadOnlyList<string> ListFiles(string directory) => _inner.ListFiles(directory);

    public IReadOnlyList<StorageFileStatus> ListFileStatuses(string directory) => _inner.ListFileStatuses(directory);

    public IReadOnlyList<string> ListDirectories(string directory) => _inner.ListDirectories(directory);

    public void DeleteFile(string path) => _inner.DeleteFile(path);

    public void DeleteDirectory(string path) => _inner.DeleteDirectory(path);

    public void Move(string source, string destination) => _inner.Move(source, destination);

    public void FlushDirectory(string path) => _inner.FlushDirectory(path);

    private bool Applies(string path) => PathFilter?.Invoke(path) ?? true;

    /// <summary>Takes up to <paramref name="wanted"/> bytes from the budget and returns how many were granted.</summary>
    private long Take(long wanted)
    {
        while (true)
        {
            var budget = Interlocked.Read(ref _writeBudget);
            if (budget == long.MaxValue)
            {
                return wanted;
            }

            var granted = Math.Min(budget, wanted);
            if (Interlocked.CompareExchange(ref _writeBudget, budget - granted, budget) == budget)
            {
                return granted;
            }
        }
    }

    private sealed class FaultyFile(FaultInjectingStorageDevice device, IStorageFile inner, string path) : IStorageFile
    {
        public SafeFileHandle Handle => inner.Handle;

        public long Length => inner.Length;

        public int Read(Span<byte> buffer, long position) => inner.Read(buffer, position);

        public void Write(IReadOnlyList<ReadOnlyMemory<byte>> buffers, long position)
        {
            foreach (var buffer in buffers)
            {
                Write(buffer.Span, position);
                position += buffer.Length;
            }
        }

        public void Write(ReadOnlySpan<byte> buffer, long position)
        {
            if (!device.Applies(path))
            {
                inner.Write(buffer, position);
                return;
            }

            var granted = (int)device.Take(buffer.Length);
            if (granted > 0)
            {
                inner.Write(buffer[..granted], position);
            }

            if (granted < buffer.Length)
            {
                throw new IOException($"No space left on device (injected) writing '{path}'.", unchecked((int)0x8007_0070));
            }
        }

        public void Flush()
        {
            if (device.FailFlush && device.Applies(path))
            {
                throw new IOException($"Input/output error (injected) flushing '{path}'.");
            }

            inner.Flush();
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Dispose() => inner.Dispose();
    }
}
