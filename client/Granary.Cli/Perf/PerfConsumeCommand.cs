// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;
using System.Globalization;
using Granary.Cli.Commands;
using Granary.Cli.Configuration;
using Granary.Cli.Formatting;
using Granary.Client;

namespace Granary.Cli.Perf;

/// <summary>
/// <c>granary perf consume</c>: kafka-consumer-perf-test's flags and output. It joins a fresh group, reads from the
/// beginning (or --from-latest) until --messages records arrived; the time until the first assignment is the
/// rebalance time. Fewer records than asked within --timeout between records fails the run (exit 1) after printing.
/// </summary>
public static class PerfConsumeCommand
{
    public static Command Create(CliContext context)
    {
        var topic = new Option<string>("--topic") { Description = "Topic to consume.", Required = true };
        var messages = new Option<long>("--messages") { Description = "Number of records to consume.", Required = true };
        var group = new Option<string?>("--group") { Description = "Consumer group (default: a fresh perf-consumer-N)." };
        var timeout = new Option<int>("--timeout") { Description = "Max ms between two records before giving up.", DefaultValueFactory = _ => 10000 };
        var fromLatest = new Option<bool>("--from-latest") { Description = "Start at the log end instead of the beginning." };
        var hideHeader = new Option<bool>("--hide-header") { Description = "Print only the result row." };
        var dateFormat = new Option<string>("--date-format")
        {
            Description = "Format of start.time and end.time (.NET custom date format).",
            DefaultValueFactory = _ => ConsumerPerfReport.DefaultDateFormat,
        };
        var consumerConfig = new Option<FileInfo?>("--consumer.config", "--consumer-config") { Description = "A consumer properties file." };
        var command = new Command("consume", "Measure consumer throughput (kafka-consumer-perf-test).")
        {
            topic, messages, group, timeout, fromLatest, hideHeader, dateFormat, consumerConfig,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var wanted = parse.GetValue(messages);
            if (wanted < 1 || parse.GetValue(timeout) < 1)
            {
                throw CliException.Usage("--messages and --timeout must be at least 1");
            }

            var overrides = parse.GetValue(consumerConfig) is { } file ? PropertiesFile.Load(file.FullName).ToList() : [];
            var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["group.id"] = parse.GetValue(group) ?? $"perf-consumer-{Random.Shared.Next(100000):D5}",
                ["enable.auto.commit"] = "false",
                ["auto.offset.reset"] = parse.GetValue(fromLatest) ? "latest" : "earliest",
            };
            var config = ClientProperties.Build(parse, defaults, overrides);
            var topicName = parse.GetRequiredValue(topic);
            await BrokerProbe.EnsureReachableAsync(config, context.Time, cancellationToken).ConfigureAwait(false);
            using (var admin = ClientFactory.CreateAdmin(config))
            {
                await AdminOperations.DescribeTopicAsync(admin, topicName).ConfigureAwait(false);
            }

            var time = context.Time;
            var startTimestamp = time.GetTimestamp();
            var start = time.GetUtcNow();
            long rebalanceMs = -1;
            var idle = TimeSpan.FromMilliseconds(parse.GetValue(timeout));

            // An assignment counts as progress, so a slow group join does not use up the time allowed between records.
            using var watchdog = new IdleWatchdog(idle, time, cancellationToken);
            using var consumer = ClientFactory.CreateConsumer(config, (_, partitions) =>
            {
                watchdog.Progress();
                if (rebalanceMs < 0)
                {
                    rebalanceMs = (long)time.GetElapsedTime(startTimestamp).TotalMilliseconds;
                }

                return partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset));
            });
            consumer.Subscribe(topicName);
            long count = 0;
            long bytes = 0;
            await CliProgress.RunAsync(context, $"perf consume {topicName}", wanted, plainLines: false, async progress =>
            {
                while (count < wanted)
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

                    if (result.Message is { } message)
                    {
                        watchdog.Progress();
                        count++;
                        bytes += (message.Key?.Length ?? 0) + (message.Value?.Length ?? 0);
                        if ((count & 1023) == 0 && progress.IsLive)
                        {
                            progress.Report(count);
                        }
                    }
                }

                return count;
            }).ConfigureAwait(false);

            var end = time.GetUtcNow();
            if (!parse.GetValue(hideHeader))
            {
                await context.Console.Out.WriteLineAsync(ConsumerPerfReport.Header).ConfigureAwait(false);
            }

            await context.Console.Out.WriteLineAsync(ConsumerPerfReport.FormatRow(start, end, bytes, count, Math.Max(rebalanceMs, 0), parse.GetValue(dateFormat) ?? ConsumerPerfReport.DefaultDateFormat)).ConfigureAwait(false);
            consumer.Close();
            if (count < wanted)
            {
                throw CliException.Failed(
                    $"consumed {count.ToString(CultureInfo.InvariantCulture)} of {wanted.ToString(CultureInfo.InvariantCulture)} records: no record for {parse.GetValue(timeout).ToString(CultureInfo.InvariantCulture)} ms");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
