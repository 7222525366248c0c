// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Granary.Runtime.Diagnostics;

/// <summary>The runtime's source-generated log messages (event ids 1000-1099).</summary>
internal static partial class GrainRuntimeLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Activating grain {GrainId}")]
    public static partial void Activating(this ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Activation of grain {GrainId} failed; waiting calls receive the error and the next call retries")]
    public static partial void ActivationFailed(this ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Deactivated grain {GrainId} ({Reason})")]
    public static partial void Deactivated(this ILogger logger, GrainId grainId, DeactivationReason reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Deactivation of grain {GrainId} threw; the activation is removed anyway")]
    public static partial void DeactivationFailed(this ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "A timer tick of grain {GrainId} threw; the timer keeps running")]
    public static partial void TimerTickFailed(this ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Idle collection started deactivating {Count} activations")]
    public static partial void CollectingIdle(this ILogger logger, int count);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Grain runtime stopping: deactivating {Count} activations")]
    public static partial void Stopping(this ILogger logger, int count);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Grain runtime stopped")]
    public static partial void Stopped(this ILogger logger);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Grain runtime stop gave up after {Timeout} with {Remaining} activations still deactivating")]
    public static partial void StopTimedOut(this ILogger logger, TimeSpan timeout, int remaining);
}
