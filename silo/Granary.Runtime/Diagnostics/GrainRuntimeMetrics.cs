// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics.Metrics;

namespace Granary.Runtime.Diagnostics;

/// <summary>
/// Instruments on the "Granary.Runtime" meter. Gauges are observed (read on collection) so the call path pays nothing
/// for them; the turn histogram is timed only while someone listens.
/// </summary>
internal sealed class GrainRuntimeMetrics : IDisposable
{
    /// <summary>The meter name to subscribe to (OpenTelemetry: <c>AddMeter("Granary.Runtime")</c>).</summary>
    public const string MeterName = "Granary.Runtime";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _created;
    private readonly Counter<long> _collected;
    private readonly Histogram<double> _turnDuration;

    public GrainRuntimeMetrics(IMeterFactory? meterFactory, Func<int> activationCount, Func<long> mailboxLength)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("granary.runtime.activations", activationCount, "{activation}", "Activations currently in memory.");
        _meter.CreateObservableGauge("granary.runtime.mailbox.length", mailboxLength, "{turn}", "Turns queued in all mailboxes, not yet started.");
        _created = _meter.CreateCounter<long>("granary.runtime.activations.created", "{activation}", "Activations created.");
        _collected = _meter.CreateCounter<long>("granary.runtime.activations.collected", "{activation}", "Activations deactivated by idle collection.");
        _turnDuration = _meter.CreateHistogram<double>("granary.runtime.turn.duration", "s", "Time from the start of a turn to the completion of its task.");
    }

    public bool TurnDurationEnabled => _turnDuration.Enabled;

    public void ActivationCreated() => _created.Add(1);

    public void ActivationCollected() => _collected.Add(1);

    public void RecordTurn(TimeSpan duration) => _turnDuration.Record(duration.TotalSeconds);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
