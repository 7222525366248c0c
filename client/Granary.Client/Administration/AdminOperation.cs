// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Administration;

/// <summary>
/// One admin call's deadline: every request, retry and backoff of the call shares it, so RequestTimeout bounds the
/// whole call rather than each round trip.
/// </summary>
internal sealed class AdminOperation : IDisposable
{
    private static readonly TimeSpan MinimumRequestTimeout = TimeSpan.FromMilliseconds(1);

    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public AdminOperation(string name, TimeSpan timeout, TimeProvider time, CancellationToken disposing)
    {
        Name = name;
        Timeout = timeout;
        _time = time;
        _started = time.GetTimestamp();
        _timer = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timer.Token, disposing);
    }

    public string Name { get; }

    public TimeSpan Timeout { get; }

    public CancellationToken Token => _linked.Token;

    public bool IsExpired => _timer.IsCancellationRequested || Remaining <= TimeSpan.Zero;

    public TimeSpan Remaining
    {
        get
        {
            var left = Timeout - _time.GetElapsedTime(_started);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>The time one request may take: what is left of the call, but never zero (the token ends it anyway).</summary>
    public TimeSpan RequestTimeout => Remaining > MinimumRequestTimeout ? Remaining : MinimumRequestTimeout;

    public KafkaException TimedOut() =>
        new(new Error(ErrorCode.Local_TimedOut, $"{Name} timed out after {Timeout.TotalMilliseconds:0} ms."));

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
