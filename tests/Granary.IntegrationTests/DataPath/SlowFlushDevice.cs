// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Storage.IO;
using Microsoft.Win32.SafeHandles;

namespace Granary.IntegrationTests.DataPath;

/// <summary>
/// Real files whose fsync, for paths matching a filter, waits until the test opens the gate: a disk that is slow to
/// make data durable. Writes and reads go straight to the file system.
/// </summary>
public sealed class SlowFlushDevice : IStorageDevice, IDisposable
{
    private readonly FileStorageDevice _inner = new();
    private readonly ManualResetEventSlim _gate = new(initialState: true);
    private readonly Func<string, bool> _filter;

    public SlowFlushDevice(Func<string, bool> filter) => _filter = filter;

    /// <summary>From now on, fsyncs of matching files wait (at most 20 seconds, so a failing test cannot hang).</summary>
    public void Hold() => _gate.Reset();

    public void Release() => _gate.Set();

    public IStorageFile Open(string path, bool create) => _filter(path) ? new SlowFile(_inner.Open(path, create), _gate) : _inner.Open(path, create);

    public bool FileExists(string path) => _inner.FileExists(path);

    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);

    public void CreateDirectory(string path) => _inner.CreateDirectory(path);

    public IReadOnlyList<string> ListFiles(string directory) => _inner.ListFiles(directory);

    public IReadOnlyList<string> ListDirectories(string directory) => _inner.ListDirectories(directory);

    public void DeleteFile(string path) => _inner.DeleteFile(path);

    public void DeleteDirectory(string path) => _inner.DeleteDirectory(path);

    public void Move(string source, string destination) => _inner.Move(source, destination);

    public void FlushDirectory(string path) => _inner.FlushDirectory(path);

    public void Dispose()
    {
        _gate.Set();
        _gate.Dispose();
    }

    private sealed class SlowFile(IStorageFile inner, ManualResetEventSlim gate) : IStorageFile
    {
        public SafeFileHandle Handle => inner.Handle;

        public long Length => inner.Length;

        public int Read(Span<byte> buffer, long position) => inner.Read(buffer, position);

        public void Write(IReadOnlyList<ReadOnlyMemory<byte>> buffers, long position) => inner.Write(buffers, position);

        public void Write(ReadOnlySpan<byte> buffer, long position) => inner.Write(buffer, position);

        public void Flush()
        {
            gate.Wait(TimeSpan.FromSeconds(20));
            inner.Flush();
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Dispose() => inner.Dispose();
    }
}
