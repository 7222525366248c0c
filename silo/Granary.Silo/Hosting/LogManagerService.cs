// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Configuration;
using Granary.Storage;
using Granary.Storage.IO;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Hosting;

/// <summary>
/// Opens the <see cref="LogManager"/> over the data directory when the silo starts and closes it (every log writes
/// its clean-shutdown marker) when it stops. Registered before the grain runtime, so it stops after the partition
/// grains have deactivated. At shutdown it logs the process's GC totals (allocation figures for the benchmarks).
/// </summary>
public sealed partial class LogManagerService : IHostedService
{
    private readonly BrokerOptions _broker;
    private readonly TimeProvider _time;
    private readonly ILogger<LogManagerService> _logger;
    private readonly IStorageDevice? _device;
    private readonly TaskCompletionSource<LogManager> _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Uses the <see cref="IStorageDevice"/> registered in the container, if any (tests inject slow or failing disks); else the file system.</summary>
    public LogManagerService(IOptions<BrokerOptions> broker, TimeProvider time, ILogger<LogManagerService> logger, IStorageDevice? device = null)
    {
        _device = device;
        ArgumentNullException.ThrowIfNull(broker);
        _broker = broker.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The opened manager; throws before the silo has started.</summary>
    public LogManager Manager => _opened.Task.IsCompletedSuccessfully
        ? _opened.Task.Result
        : throw new InvalidOperationException("The log manager is not open yet: the silo has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new StorageOptions
        {
            DataDirectory = _broker.DataDirectory,
            RetentionCheckIntervalMs = _broker.LogRetentionCheckIntervalMs,
            DefaultLogConfig = ClusterPartitionDirectory.BrokerDefaults(_broker),
        };
        var manager = await LogManager.OpenAsync(options, _device, timeProvider: _time, cancellationToken: cancellationToken).ConfigureAwait(false);
        _opened.TrySetResult(manager);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_opened.Task.IsCompletedSuccessfully)
        {
            await _opened.Task.Result.CloseAsync().ConfigureAwait(false);
        }

        LogGcTotals(GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "GC totals at shutdown: allocated {AllocatedBytes} bytes, collections gen0={Gen0} gen1={Gen1} gen2={Gen2}")]
    private partial void LogGcTotals(long allocatedBytes, int gen0, int gen1, int gen2);
}
