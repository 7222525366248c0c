// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Timers;

namespace Granary.Runtime.Tests.TestGrains;

public interface ITestGrain : IGrainWithStringKey
{
    /// <summary>Appends to the grain's log after a yield, recording overlaps with other turns.</summary>
    Task<int> Append(int value);

    /// <summary>A read that yields, recording overlaps; counts concurrent readers.</summary>
    Task<int> Read();

    /// <summary>Logs "{name}-start", signals <paramref name="started"/>, awaits <paramref name="gate"/>, logs "{name}-end".</summary>
    Task Block(string name, TaskCompletionSource started, Task gate);

    /// <summary>Joins a rendezvous of concurrent callers; completes only once all its parties are inside.</summary>
    Task Rendezvous(Rendezvous rendezvous);

    Task<string> Throw(string message);

    Task<int> GetInstance();

    /// <summary>A broken method that returns a null task.</summary>
    Task ReturnNull();

    Task<IReadOnlyList<string>> GetLog();

    Task<int> GetMaxConcurrency();

    Task StartTimer(GrainTimerCreationOptions options);

    Task StopTimer();

    Task<int> GetTicks();

    Task Deactivate();

    Task KeepAlive(TimeSpan timeSpan);
}
