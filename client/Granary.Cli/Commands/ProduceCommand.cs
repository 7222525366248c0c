// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;
using System.Globalization;
using System.Text;
using Granary.Cli.Configuration;
using Granary.Cli.Formatting;
using Granary.Client;

namespace Granary.Cli.Commands;

/// <summary><c>granary produce</c>: one record per input line (kafka-console-producer), failing if any record is not delivered.</summary>
public static class ProduceCommand
{
    /// <summary>Records in flight at once: enough to batch well, bounded so a huge stdin does not buffer in memory.</summary>
    private const int MaxInFlight = 10_000;

    /// <summary>A console user waits 30 s for a delivery, not librdkafka's 5 minutes.</summary>
    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal) { ["message.timeout.ms"] = "30000" };

    public static Command Create(CliContext context)
    {
        var topic = new Option<string>("--topic", "-t") { Description = "Topic to produce to.", Required = true };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Read lines from this file instead of stdin." };
        var keySeparator = new Option<string?>("--key-separator") { Description = "Split each line at the first occurrence of this string into key and value." };
        var header = new Option<string[]>("--header", "-H") { Description = "A header key=value added to every record (repeatable)." };
        var partition = new Option<int?>("--partition", "-p") { Description = "Produce to this partition instead of the partitioner's choice." };
        var acks = new Option<string?>("--acks") { Description = "Acknowledgements to wait for: all, -1, 0 or 1." };
        acks.AcceptOnlyFromAmong("all", "-1", "0", "1");
        var compression = new Option<string?>("--compression", "-z") { Description = "Compression codec." };
        compression.AcceptOnlyFromAmong("none", "gzip", "snappy", "lz4", "zstd");
        var property = new Option<string[]>("--producer-property", "-X") { Description = "A producer property key=value (repeatable)." };

        var command = new Command("produce", "Produce lines from stdin or a file, one record per line.")
        {
            topic, file, keySeparator, header, partition, acks, compression, property,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var separator = parse.GetValue(keySeparator);
            if (separator is { Length: 0 })
            {
                throw CliException.Usage("--key-separator must not be empty");
            }

            if (parse.GetValue(partition) is < 0)
            {
                throw CliException.Usage("--partition must be 0 or more");
            }

            var headers = ClientProperties.ParsePairs(parse.GetValue(header), "--header");
            var overrides = ClientProperties.ParsePairs(parse.GetValue(property), "--producer-property");
            if (parse.GetValue(acks) is { } a)
            {
                overrides.Add(new("acks", a));
            }

            if (parse.GetValue(compression) is { } c)
            {
                overrides.Add(new("compression.type", c));
            }

            var config = ClientProperties.Build(parse, Defaults, overrides);
            var inputFile = parse.GetValue(file);
            if (inputFile is { Exists: false })
            {
                throw CliException.Usage($"--file '{inputFile.FullName}' does not exist");
            }

            await BrokerProbe.EnsureReachableAsync(config, context.Time, cancellationToken).ConfigureAwait(false);
            using var producer = ClientFactory.CreateProducer(config);
            using var reader = inputFile is null ? null : inputFile.OpenText();
            var name = parse.GetRequiredValue(topic);
            if (reader is null || !context.Console.Interactive)
            {
                await new ProduceRun(producer, name, parse.GetValue(partition), separator, headers, context.Console.Error, null)
                    .SendAllAsync(reader ?? context.Console.In, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            // A file has a known size: on a terminal, show how far through it the run is (bytes read).
            StreamReader source = reader;
            return await CliProgress.RunAsync(context, $"produce {name}", inputFile!.Length, plainLines: false, async progress =>
            {
                var run = new ProduceRun(producer, name, parse.GetValue(partition), separator, headers, context.Console.Error, () => progress.Report(source.BaseStream.Position));
                await run.SendAllAsync(source, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private sealed class ProduceRun(
        IProducer<byte[]?, byte[]?> producer, string topic, int? partition, string? separator, List<KeyValuePair<string, string>> headers, TextWriter error, Action? progress)
    {
        private readonly SemaphoreSlim _gate = new(MaxInFlight, MaxInFlight);
        private readonly Lock _errorLock = new();
        private long _failures;

        public async Task SendAllAsync(TextReader input, CancellationToken cancellationToken)
        {
            long lines = 0;
            string? line;
            while ((line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                lines++;
                byte[]? key = null;
                var value = line;
                if (separator is not null)
                {
                    var at = line.IndexOf(separator, StringComparison.Ordinal);
                    if (at < 0)
                    {
                        Fail(lines, $"no key separator '{separator}' in the line");
                        continue;
                    }

                    key = Encoding.UTF8.GetBytes(line[..at]);
                    value = line[(at + separator.Length)..];
                }

                var message = new Message<byte[]?, byte[]?> { Key = key, Value = Encoding.UTF8.GetBytes(value) };
                if (headers.Count > 0)
                {
                    message.Headers = new Headers();
                    foreach (var (name, text) in headers)
                    {
                        message.Headers.Add(name, Encoding.UTF8.GetBytes(text));
                    }
                }

                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                _ = SendAsync(lines, message);
                if ((lines & 1023) == 0)
                {
                    progress?.Invoke();
                }
            }

            // Every permit back means every record has its delivery result.
            for (var i = 0; i < MaxInFlight; i++)
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            progress?.Invoke();
            var failures = Interlocked.Read(ref _failures);
            if (failures > 0)
            {
                throw CliException.Failed($"{failures.ToString(CultureInfo.InvariantCulture)} of {lines.ToString(CultureInfo.InvariantCulture)} records were not delivered to {topic}");
            }
        }

        private async Task SendAsync(long line, Message<byte[]?, byte[]?> message)
        {
            try
            {
                if (partition is { } p)
                {
                    await producer.ProduceAsync(new TopicPartition(topic, new Partition(p)), message).ConfigureAwait(false);
                }
                else
                {
                    await producer.ProduceAsync(topic, message).ConfigureAwait(false);
                }
            }
            catch (KafkaException ex)
            {
                Fail(line, $"{ex.Error.Code}: {ex.Error.Reason}");
            }
            finally
            {
                _gate.Release();
            }
        }

        private void Fail(long line, string reason)
        {
            Interlocked.Increment(ref _failures);
            lock (_errorLock)
            {
                error.WriteLine($"granary: line {line.ToString(CultureInfo.InvariantCulture)} not delivered: {reason}");
            }
        }
    }
}
