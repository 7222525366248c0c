// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Storage.IO;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Storage;

/// <summary>What every partition log of a silo shares: the device, the bounded handle cache, the clock and logging.</summary>
public sealed class StorageEnvironment : IDisposable
{
    public StorageEnvironment(IStorageDevice? device = null, TimeProvider? timeProvider = null, int maxOpenSegmentFiles = StorageOptions.DefaultMaxOpenSegmentFiles, ILoggerFactory? loggerFactory = null)
    {
        Device = device ?? FileStorageDevice.Instance;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Handles = new FileHandleCache(Device, maxOpenSegmentFiles);
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    public IStorageDevice Device { get; }

    public TimeProvider TimeProvider { get; }

    public FileHandleCache Handles { get; }

    public ILoggerFactory LoggerFactory { get; }

    public void Dispose() => Handles.Dispose();
}
