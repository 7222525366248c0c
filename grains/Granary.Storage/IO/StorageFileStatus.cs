// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage.IO;

/// <summary>What a directory listing tells about a file without opening it: its name, size and last write time.</summary>
public readonly record struct StorageFileStatus(string Name, long Length, long LastWriteUnixMs);
