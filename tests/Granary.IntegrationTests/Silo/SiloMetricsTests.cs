// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Granary.IntegrationTests.DataPath;
using Granary.IntegrationTests.Infrastructure;
using Granary.IntegrationTests.Topics;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;
using Granary.Silo.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Granary.IntegrationTests.Silo;

/// <summary>The silo's meter "Granary.Silo", observed with a MeterListener on a real in-process silo.</summary>
public sealed class SiloMetricsTests
{
    [Fact]
    public async Task Bytes_messages_and_request_durations_are_measured_per_api()
    {
        await using var silo = await InProcessSilo.StartAsync();
        var factory = silo.Services.GetRequiredService<IMeterFactory>();
        var longs = new ConcurrentDictionary<string, long>();
        var durations = new ConcurrentBag<(string Api, double Seconds)>();
        using var listener = new MeterListener();

        // Only this silo's meter: other tests run silos in the same process.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SiloMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => longs.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "api")
                {
                    durations.Add(((string)tag.Value!, value));
                }
            }
        });
        listener.Start();

        // An ApiVersions exchange measures exact frame sizes (size prefix included) both ways.
        await using (var raw = await RawKafkaConnection.ConnectAsync(silo.Port))
        {
            var request = RawKafkaConnection.ApiVersionsRequest(1);
            await raw.SendAsync(request);
            var response = await raw.ReadFrameAsync();
            Assert.NotNull(response);
            Assert.Equal(request.Length, longs.GetValueOrDefault("granary.silo.bytes_in"));
            Assert.Equal(response.Length + 4, longs.GetValueOrDefault("granary.silo.bytes_out"));
        }

        await AdminCalls.CreateAsync(silo.Port, 5, false, AdminCalls.Topic("m", 1));
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);
        using var builder = new RecordBatchBuilder(CompressionType.None);
        for (var i = 0; i < 7; i++)
        {
            builder.Append(1_700_000_000_000 + i, (byte[]?)null, new byte[] { (byte)i });
        }

        var produced = await client.SendAsync<ProduceResponse>(new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 30_000,
            TopicData = [new() { Name = "m", PartitionData = [new() { Index = 0, Records = builder.ToArray() }] }],
        }, 7);
        Assert.Equal(0, produced.Responses.Single().PartitionResponses.Single().ErrorCode);
        await client.SendAsync<FetchResponse>(new FetchRequest
        {
            MaxBytes = 1 << 20,
            SessionEpoch = -1,
            Topics = [new() { Topic = "m", Partitions = [new() { Partition = 0, PartitionMaxBytes = 1 << 20 }] }],
        }, 11);

        Assert.Equal(7, longs.GetValueOrDefault("granary.silo.messages_in"));
        var apis = durations.Select(d => d.Api).ToHashSet();
        Assert.Contains("ApiVersions", apis);
        Assert.Contains("CreateTopics", apis);
        Assert.Contains("Produce", apis);
        Assert.Contains("Fetch", apis);
        Assert.All(durations, d => Assert.True(d.Seconds >= 0));
        Assert.True(longs.GetValueOrDefault("granary.silo.bytes_out") > builder.ToArray().Length, "the fetch response carried the batch");
    }
}
