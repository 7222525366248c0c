// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;

namespace Granary.Client.Tests.Consuming;

/// <summary>Producing test data and consuming it back with bounded waits.</summary>
internal static class ConsumerTestKit
{
    public static async Task ProduceAsync(string servers, string topic, int partition, int count, int first = 0, Func<int, Timestamp>? timestamp = null)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = servers, LingerMs = 1 }).Build();
        var tasks = new List<Task>();
        for (var i = first; i < first + count; i++)
        {
            var message = new Message<string, string>
            {
                Key = $"k{i}",
                Value = $"v{i}",
                Headers = [new Header("n", Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))],
            };
            if (timestamp is not null)
            {
                message.Timestamp = timestamp(i);
            }

            tasks.Add(producer.ProduceAsync(new TopicPartition(topic, partition), message));
        }

        await Task.WhenAll(tasks);
    }

    public static ConsumerConfig Config(string servers, string? group = null) => new()
    {
        BootstrapServers = servers,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        SessionTimeoutMs = 3000,
        HeartbeatIntervalMs = 200,
        FetchWaitMaxMs = 100,
    };

    /// <summary>Consumes until <paramref name="count"/> records arrived (EOF results are skipped) or 30 s passed.</summary>
    public static List<ConsumeResult<string, string>> ConsumeRecords(IConsumer<string, string> consumer, int count)
    {
        var results = new List<ConsumeResult<string, string>>();
        var deadline = Environment.TickCount64 + 30_000;
        while (results.Count < count && Environment.TickCount64 < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is { IsPartitionEOF: false })
            {
                results.Add(result);
            }
        }

        return results;
    }

    /// <summary>Polls until the condition holds or 30 s pass; returns whether it held.</summary>
    public static bool PollUntil(Func<bool> condition, params IConsumer<string, string>[] consumers)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (Environment.TickCount64 < deadline)
        {
            if (condition())
            {
                return true;
            }

            foreach (var consumer in consumers)
            {
                consumer.Consume(TimeSpan.FromMilliseconds(20));
            }
        }

        return condition();
    }
}
