// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.CommandLine;
using System.Globalization;
using Granary.Cli.Commands;
using Granary.Cli.Configuration;
using Granary.Client;
using Granary.Client.Admin;

namespace Granary.Cli.Perf;

/// <summary>
/// <c>granary perf e2e</c>: end-to-end latency at a given rate. A consumer assigned at the log end of every
/// partition reads what a throttled producer sends; each value carries its send time (this process's monotonic
/// clock), so latency is produce call to consume, including the acks the producer waits for and any wait for
/// buffer space. Prints Kafka EndToEndLatency's two lines, then the same percentiles in microseconds and how many
/// records they cover. The first <c>--warmup-records</c> records (sent at the same rate) are delivered and counted
/// but left out of the percentiles, as kafka-producer-perf-test's option of that name does: at a few hundred thousand
/// records/s the worst 1 % is a fraction of a second, which a cold process's JIT alone would fill.
/// </summary>
public static class PerfE2eCommand
{
    private const int StampBytes = 8;

    public static Command Create(CliContext context)
    {
        var topic = new Option<string>("--topic") { Description = "Topic to use (it must exist).", Required = true };
        var numRecords = new Option<long>("--num-records") { Description = "Number of records to send.", Required = true };
        var recordSize = new Option<int>("--record-size") { Description = "Size of each record in bytes (at least 8).", DefaultValueFactory = _ => 100 };
        var throughput = new Option<double>("--throughput") { Description = "Records/sec to send at; -1 for no throttling.", Required = true };
        var producerProps = new Option<string[]>("--producer-props") { Description = "Producer properties key=value ... (default acks=all).", AllowMultipleArgumentsPerToken = true };
        var timeout = new Option<int>("--timeout") { Description = "Max ms to wait for a record before giving up.", DefaultValueFactory = _ => 30000 };
        var warmupRecords = new Option<long>("--warmup-records")
        {
            Description = "Records sent (at the same rate) before the ones whose latency is measured.",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("e2e", "Measure end-to-end latency (produce to consume) at a given rate.")
        {
            topic, numRecords, recordSize, throughput, producerProps, timeout, warmupRecords,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(numRecords);
            var size = parse.GetValue(recordSize);
            var rate = parse.GetValue(throughput);
            var warmup = parse.GetValue(warmupRecords);
            if (count < 1 || size < StampBytes)
            {
                throw CliException.Usage("--num-records must be at least 1 and --record-size at least 8");
            }

            if (warmup < 0 || warmup >= count)
            {
                throw CliException.Usage("--warmup-records must be at least 0 and less than --num-records");
            }

            if (rate == 0 || (rate < 0 && rate != -1))
            {
                throw CliException.Usage("--throughput must be more than 0, or -1 for no throttling");
            }

            var defaults = new Dictionary<string, string>(StringComparer.Ordinal) { ["acks"] = "all", ["linger.ms"] = "0" };
            var producerConfig = ClientProperties.Build(parse, defaults, ClientProperties.ParsePairs(parse.GetValue(producerProps), "--producer-props"));
            var consumerConfig = ClientProperties.Build(parse, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["group.id"] = $"perf-e2e-{Random.Shared.Next(100000):D5}",
                ["enable.auto.commit"] = "false",
                ["fetch.wait.max.ms"] = "100",
            });
            var topicName = parse.GetRequiredValue(topic);
            await BrokerProbe.EnsureReachableAsync(producerConfig, context.Time, cancellationToken).ConfigureAwait(false);
            List<TopicPartitionOffset> starts;
            using (var admin = ClientFactory.CreateAdmin(consumerConfig))
            {
                var description = await AdminOperations.DescribeTopicAsync(admin, topicName).ConfigureAwait(false);
                var ends = await AdminOperations.ListOffsetsAsync(admin, description.Partitions.Select(p => new TopicPartition(topicName, new Partition(p.Partition))), OffsetSpec.Latest()).ConfigureAwait(false);
                starts = ends.Select(e => new TopicPartitionOffset(e.Key, new Offset(e.Value))).ToList();
            }

            using var consumer = ClientFactory.CreateConsumer(consumerConfig);
            using var producer = ClientFactory.CreateProducer(producerConfig);
            consumer.Assign(starts);
            var histogram = new LatencyHistogram();
            var time = context.Time;
            var idle = TimeSpan.FromMilliseconds(parse.GetValue(timeout));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var receiving = Task.Run(() => ReceiveAsync(consumer, histogram, count, idle, time, stop.Token), CancellationToken.None);

            long failures = 0;
            string? firstError = null;
            var throttler = new ThroughputThrottler(rate, time);
            Action<DeliveryReport<byte[]?, byte[]?>> onDelivered = report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstError, $"{report.Error.Code}: {report.Error.Reason}", null);
                }
            };
            for (long i = 0; i < count && !receiving.IsCompleted; i++)
            {
                var value = new byte[size];
                var stamp = time.GetTimestamp();

                // A warm-up record carries its stamp inverted (negative), so the receiver counts it without
                // recording it, whatever partition or order it arrives in.
                BinaryPrimitives.WriteInt64LittleEndian(value, i < warmup ? ~stamp : stamp);
                var producing = ProduceAsync(producer, topicName, value, onDelivered, time, cancellationToken);
                var waited = !producing.IsCompleted;
                await producing.ConfigureAwait(false);

                // The send stamp is the throttle's clock too, unless Produce waited for buffer space meanwhile.
                await throttler.ThrottleAsync(i + 1, waited ? time.GetTimestamp() : stamp, cancellationToken).ConfigureAwait(false);
            }

            var received = await receiving.ConfigureAwait(false);
            if (Interlocked.Read(ref failures) > 0)
            {
                throw CliException.Failed($"{Interlocked.Read(ref failures).ToString(CultureInfo.InvariantCulture)} records were not delivered: {firstError}");
            }

            if (received < count)
            {
                throw CliException.Failed($"received {received.ToString(CultureInfo.InvariantCulture)} of {count.ToString(CultureInfo.InvariantCulture)} records: none for {idle.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms");
            }

            foreach (var line in FormatLines(histogram))
            {
                await context.Console.Out.WriteLineAsync(line).ConfigureAwait(false);
            }

            await context.Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Records measured: {histogram.Count} (after {warmup} warm-up records)")).ConfigureAwait(false);

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Kafka's <c>Avg latency: %.4f ms</c> and <c>Percentiles: 50th = %d, 99th = %d, 99.9th = %d</c> (ms), then µs.</summary>
    public static string[] FormatLines(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var inv = CultureInfo.InvariantCulture;
        long p50 = histogram.PercentileMicros(50), p99 = histogram.PercentileMicros(99), p999 = histogram.PercentileMicros(99.9);
        return
        [
            string.Create(inv, $"Avg latency: {histogram.MeanMicros / 1000:F4} ms"),
            string.Create(inv, $"Percentiles: 50th = {p50 / 1000}, 99th = {p99 / 1000}, 99.9th = {p999 / 1000}"),
            string.Create(inv, $"Percentiles (us): 50th = {p50}, 99th = {p99}, 99.9th = {p999}"),
        ];
    }

    // A full buffer makes the record wait, as Kafka's producer blocks in send() up to max.block.ms; the wait is part of
    // the record's latency, because its stamp was taken before.
    private static async Task ProduceAsync(IProducer<byte[]?, byte[]?> producer, string topic, byte[] value, Action<DeliveryReport<byte[]?, byte[]?>> onDelivered, TimeProvider time, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, new Message<byte[]?, byte[]?> { Value = value }, onDelivered);
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<long> ReceiveAsync(IConsumer<byte[]?, byte[]?> consumer, LatencyHistogram histogram, long count, TimeSpan idle, TimeProvider time, CancellationToken cancellationToken)
    {
        long received = 0;
        using var watchdog = new IdleWatchdog(idle, time, cancellationToken);
        while (received < count)
        {
            ConsumeResult<byte[]?, byte[]?> result;
            try
            {
                result = await consumer.ConsumeAsync(watchdog.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (watchdog.TimedOut && !cancellationToken.IsCancellationRequested)
            {
                break;
            }

            watchdog.Progress();
            if (result.Message?.Value is { Length: >= StampBytes } value)
            {
                var sent = BinaryPrimitives.ReadInt64LittleEndian(value);
                if (sent >= 0)
                {
                    histogram.Record((long)time.GetElapsedTime(sent).TotalMicroseconds);
                }

                received++;
            }
        }

        return received;
    }
}
