// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;
using System.Globalization;
using Granary.Cli.Configuration;
using Granary.Cli.Formatting;
using Granary.Client;

namespace Granary.Cli.Perf;

/// <summary><c>granary perf produce</c>: kafka-producer-perf-test's flags, pacing and output lines.</summary>
public static class PerfProduceCommand
{
    private const int DefaultMaxInFlight = 100_000;

    public static Command Create(CliContext context)
    {
        var topic = new Option<string>("--topic") { Description = "Topic to produce to.", Required = true };
        var numRecords = new Option<long>("--num-records") { Description = "Number of records to send.", Required = true };
        var recordSize = new Option<int?>("--record-size") { Description = "Size of each record in bytes (or use --payload-file)." };
        var payloadFile = new Option<FileInfo?>("--payload-file") { Description = "Send values picked at random from this file's entries (UTF-8)." };
        var payloadDelimiter = new Option<string>("--payload-delimiter")
        {
            Description = "Separator of the entries in --payload-file.",
            DefaultValueFactory = _ => "\n",
        };
        var throughput = new Option<double>("--throughput")
        {
            Description = "Throttle to about this many records/sec; -1 for no throttling.",
            Required = true,
        };
        var producerProps = new Option<string[]>("--producer-props")
        {
            Description = "Producer properties key=value ... (applied after --producer.config).",
            AllowMultipleArgumentsPerToken = true,
        };
        var producerConfig = new Option<FileInfo?>("--producer.config", "--producer-config") { Description = "A producer properties file." };
        var warmupRecords = new Option<long>("--warmup-records")
        {
            Description = "Records sent before the measurement the final line reports starts.",
            DefaultValueFactory = _ => 0,
        };

        var command = new Command("produce", "Measure producer throughput and latency (kafka-producer-perf-test).")
        {
            topic, numRecords, recordSize, payloadFile, payloadDelimiter, throughput, producerProps, producerConfig, warmupRecords,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(numRecords);
            var size = parse.GetValue(recordSize);
            var file = parse.GetValue(payloadFile);
            var warmup = parse.GetValue(warmupRecords);
            var rate = parse.GetValue(throughput);
            if (count < 1)
            {
                throw CliException.Usage("--num-records must be at least 1");
            }

            if (size is null == file is null)
            {
                throw CliException.Usage("either --record-size or --payload-file must be specified, but not both");
            }

            if (size is < 0)
            {
                throw CliException.Usage("--record-size must be 0 or more");
            }

            if (warmup < 0 || warmup >= count)
            {
                throw CliException.Usage("--warmup-records must be at least 0 and less than --num-records");
            }

            if (rate == 0 || (rate < 0 && rate != -1))
            {
                throw CliException.Usage("--throughput must be more than 0, or -1 for no throttling");
            }

            var overrides = new List<KeyValuePair<string, string>>();
            if (parse.GetValue(producerConfig) is { } configFile)
            {
                overrides.AddRange(PropertiesFile.Load(configFile.FullName));
            }

            overrides.AddRange(ClientProperties.ParsePairs(parse.GetValue(producerProps), "--producer-props"));
            var config = ClientProperties.Build(parse, null, overrides);
            var random = new Random();
            var payloads = file is not null
                ? PayloadSource.FromFile(file.FullName, parse.GetValue(payloadDelimiter) ?? "\n", random)
                : PayloadSource.FromSize(size!.Value, random);

            await BrokerProbe.EnsureReachableAsync(config, context.Time, cancellationToken).ConfigureAwait(false);
            using var producer = ClientFactory.CreateProducer(config);
            var maxInFlight = config.TryGetValue("queue.buffering.max.messages", out var max) && int.TryParse(max, CultureInfo.InvariantCulture, out var m) && m > 0
                ? m
                : DefaultMaxInFlight;
            var name = parse.GetRequiredValue(topic);
            return await CliProgress.RunAsync(context, $"perf produce {name}", count, plainLines: false, async progress =>
            {
                // The Kafka-format window lines are the non-interactive progress; on a terminal they print above the bar.
                var run = new PerfProduceRun(context, producer, name, payloads, maxInFlight, warmup, progress);
                await run.RunAsync(count, new ThroughputThrottler(rate, context.Time), cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private sealed class PerfProduceRun(CliContext context, IProducer<byte[]?, byte[]?> producer, string topic, PayloadSource payloads, int maxInFlight, long warmup, CliProgress progress)
    {
        private readonly InFlightGate _gate = new(maxInFlight);
        private readonly ProducerStats _stats = new(context.Time, progress.Out, warmup);
        // A live display redraws a few times a second: reporting every 1,024 records is plenty.
        private const long ProgressMask = 1023;
        private long _failures;
        private string? _firstError;

        // One handler for every record: its send time travels in the message, so a record costs the API one object
        // (its message) instead of a message, a closure and a delegate, all alive until the record is acknowledged.
        private Action<DeliveryReport<byte[]?, byte[]?>>? _onDelivered;

        public async Task RunAsync(long count, ThroughputThrottler throttler, CancellationToken cancellationToken)
        {
            // The throttler reads the clock; it sleeps only when a millisecond or more ahead, so asking it every
            // 1/10,000 s worth of records (every record below 10,000 records/s) paces the same way for less.
            var throttleEvery = throttler.Enabled ? Math.Clamp((long)(throttler.TargetPerSecond / 10_000), 1, 1024) : long.MaxValue;
            for (long i = 0; i < count; i++)
            {
                var value = payloads.Next();
                await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
                await ProduceAsync(value, cancellationToken).ConfigureAwait(false);
                if ((i + 1) % throttleEvery == 0)
                {
                    await throttler.ThrottleAsync(i + 1, cancellationToken).ConfigureAwait(false);
                }

                if ((i & ProgressMask) == 0 && progress.IsLive)
                {
                    progress.Report(i + 1);
                }
            }

            await _gate.WaitForAtMostAsync(0, cancellationToken).ConfigureAwait(false);

            _stats.PrintTotal();
            var failures = Interlocked.Read(ref _failures);
            if (failures > 0)
            {
                throw CliException.Failed($"{failures.ToString(CultureInfo.InvariantCulture)} of {count.ToString(CultureInfo.InvariantCulture)} records were not delivered: {_firstError}");
            }
        }

        // The gate admits as many records as the producer's buffer holds, but a delivery handler runs before the
        // producer frees its record's space, so the buffer can still be full for a moment: wait for it, as Kafka's
        // perf tool blocks in send() (max.block.ms), instead of failing the run.
        private async Task ProduceAsync(byte[] value, CancellationToken cancellationToken)
        {
            while (true)
            {
                try
                {
                    producer.Produce(topic, new TimedMessage { Value = value, Sent = context.Time.GetTimestamp() }, _onDelivered ??= OnDelivered);
                    return;
                }
                catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(1), context.Time, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private void OnDelivered(DeliveryReport<byte[]?, byte[]?> report)
        {
            try
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref _failures);
                    Interlocked.CompareExchange(ref _firstError, $"{report.Error.Code}: {report.Error.Reason}", null);
                    return;
                }

                var message = (TimedMessage)report.Message;
                _stats.Record((long)context.Time.GetElapsedTime(message.Sent).TotalMicroseconds, message.Value!.Length);
            }
            finally
            {
                _gate.Exit();
            }
        }
    }

    /// <summary>
    /// Bounds the records in flight without a lock per record: a full gate lets the sending loop resume only once a
    /// sixteenth of its capacity has drained, so it wakes once per burst of deliveries instead of once per record
    /// (SemaphoreSlim handed every freed slot to the waiting loop: a task continuation per record).
    /// </summary>
    private sealed class InFlightGate(int capacity)
    {
        private readonly long _resumeAt = capacity - Math.Max(1, capacity / 16);
        private long _inFlight;
        private long _wakeAt;
        private TaskCompletionSource? _waiter;

        /// <summary>Takes a slot, waiting while the gate is full (only one caller, the sending loop, may wait).</summary>
        public ValueTask EnterAsync(CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _inFlight) <= capacity ? default : WaitForAtMostAsync(_resumeAt, cancellationToken);

        public void Exit()
        {
            var left = Interlocked.Decrement(ref _inFlight);
            if (Volatile.Read(ref _waiter) is { } waiter && left <= Volatile.Read(ref _wakeAt)
                && Interlocked.CompareExchange(ref _waiter, null, waiter) == waiter)
            {
                waiter.TrySetResult();
            }
        }

        /// <summary>Waits until at most <paramref name="limit"/> slots are taken (counting the caller's own).</summary>
        public async ValueTask WaitForAtMostAsync(long limit, CancellationToken cancellationToken)
        {
            while (Volatile.Read(ref _inFlight) > limit)
            {
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _wakeAt, limit);

                // Publishing the waiter is a full fence, as is Exit's decrement: either this check sees the
                // decrement or that Exit sees the waiter.
                Interlocked.Exchange(ref _waiter, waiter);
                if (Volatile.Read(ref _inFlight) <= limit)
                {
                    Interlocked.CompareExchange(ref _waiter, null, waiter);
                    return;
                }

                await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A perf record's message, carrying the TimeProvider timestamp of its send for the latency figures.</summary>
    private sealed class TimedMessage : Message<byte[]?, byte[]?>
    {
        public long Sent { get; init; }
    }
}
