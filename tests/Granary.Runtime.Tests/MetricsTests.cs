// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Tests;

public class MetricsTests
{
    [Fact]
    public async Task ReportsActivationsCreatedGaugeAndTurnDurations()
    {
        await using var harness = new RuntimeHarness();
        var scope = harness.Services.GetRequiredService<IMeterFactory>();
        var longs = new ConcurrentDictionary<string, long>();
        var turns = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Granary.Runtime" && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => longs.AddOrUpdate(instrument.Name, value, (_, old) => instrument is Counter<long> ? old + value : value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => longs[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => Interlocked.Increment(ref turns));
        listener.Start();

        for (var i = 0; i < 3; i++)
        {
            await harness.Grain("m" + i).InvokeAsync(static g => g.GetInstance());
        }

        listener.RecordObservableInstruments();
        Assert.Equal(3, longs["granary.runtime.activations.created"]);
        Assert.Equal(3, longs["granary.runtime.activations"]);
        Assert.Equal(0, longs["granary.runtime.mailbox.length"]);
        Assert.True(Volatile.Read(ref turns) >= 3);
    }
}
