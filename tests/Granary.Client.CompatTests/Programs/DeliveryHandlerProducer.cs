// Copyright (c) Granary contributors. Licensed under the MIT License.

// A typical Confluent.Kafka producer program (the shape of confluent-kafka-dotnet's examples/Producer), with only
// "using Confluent.Kafka;" changed to "using Granary.Client;". Kept as Confluent users write it: the compiler
// accepting this file unchanged is half of what the test checks.
using Granary.Client;

namespace CompatTests.Programs;

public static class DeliveryHandlerProducer
{
    public static int Run(string brokerList, string topicName, TextWriter output)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = brokerList,
            ClientId = "compat-producer",
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
            MessageTimeoutMs = 30000,
        };

        var failures = 0;
        using (var producer = new ProducerBuilder<string, string>(config)
            .SetErrorHandler((_, e) => output.WriteLine($"Error: {e.Reason}"))
            .SetLogHandler((_, m) => output.WriteLine($"Log: {m.Message}"))
            .Build())
        {
            Action<DeliveryReport<string, string>> handler = r =>
            {
                if (r.Error.IsError)
                {
                    Interlocked.Increment(ref failures);
                    output.WriteLine($"Delivery Error: {r.Error.Reason}");
                }
                else
                {
                    output.WriteLine($"Delivered '{r.Message.Value}' to '{r.TopicPartitionOffset}'");
                }
            };

            for (int i = 0; i < 10; ++i)
            {
                var message = new Message<string, string> { Key = $"key-{i % 3}", Value = $"value-{i}" };
                message.Headers = new Headers();
                message.Headers.Add("sequence", BitConverter.GetBytes(i));
                try
                {
                    producer.Produce(topicName, message, handler);
                }
                catch (ProduceException<string, string> e)
                {
                    output.WriteLine($"failed to deliver message: {e.Message} [{e.Error.Code}]");
                    failures++;
                }
            }

            // Wait for up to 10 seconds for any inflight messages to be delivered.
            if (producer.Flush(TimeSpan.FromSeconds(10)) > 0)
            {
                output.WriteLine("Flush timed out");
                return 1;
            }
        }

        return failures == 0 ? 0 : 1;
    }

    public static async Task<int> RunAsync(string brokerList, string topicName, TextWriter output)
    {
        var config = new ProducerConfig { BootstrapServers = brokerList };

        using (var p = new ProducerBuilder<Null, string>(config).Build())
        {
            try
            {
                var dr = await p.ProduceAsync(topicName, new Message<Null, string> { Value = "test" });
                output.WriteLine($"Delivered '{dr.Value}' to '{dr.TopicPartitionOffset}'");
                return dr.Status == PersistenceStatus.Persisted ? 0 : 1;
            }
            catch (ProduceException<Null, string> e)
            {
                output.WriteLine($"Delivery failed: {e.Error.Reason}");
                return 1;
            }
        }
    }
}
