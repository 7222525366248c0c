// Copyright (c) Granary contributors. Licensed under the MIT License.

// A typical Confluent.Kafka consumer loop with manual commits, with only "using Confluent.Kafka;" changed to
// "using Granary.Client;". It stops after maxMessages or when the token is cancelled.
using Granary.Client;

namespace CompatTests.Programs;

public static class ManualCommitConsumer
{
    public static void Run(string brokerList, List<string> topics, string groupId, int maxMessages, TextWriter output, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = brokerList,
            GroupId = groupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            SessionTimeoutMs = 6000,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        };

        using (var consumer = new ConsumerBuilder<Ignore, string>(config)
            .SetErrorHandler((_, e) => output.WriteLine($"Error: {e.Reason}"))
            .SetPartitionsAssignedHandler((c, partitions) =>
            {
                output.WriteLine($"Assigned: [{string.Join(", ", partitions)}]");
            })
            .SetPartitionsRevokedHandler((c, partitions) =>
            {
                output.WriteLine($"Revoked: [{string.Join(", ", partitions)}]");
            })
            .Build())
        {
            consumer.Subscribe(topics);
            var received = 0;
            try
            {
                while (received < maxMessages)
                {
                    try
                    {
                        var consumeResult = consumer.Consume(cancellationToken);

                        if (consumeResult.IsPartitionEOF)
                        {
                            output.WriteLine($"Reached end of topic {consumeResult.Topic}, partition {consumeResult.Partition}, offset {consumeResult.Offset}.");
                            continue;
                        }

                        output.WriteLine($"Received message at {consumeResult.TopicPartitionOffset}: {consumeResult.Message!.Value}");
                        received++;

                        try
                        {
                            consumer.Commit(consumeResult);
                        }
                        catch (KafkaException e)
                        {
                            output.WriteLine($"Commit error: {e.Error.Reason}");
                        }
                    }
                    catch (ConsumeException e)
                    {
                        output.WriteLine($"Consume error: {e.Error.Reason}");
                    }
                }
            }
            catch (OperationCanceledException)
            {
                output.WriteLine("Cancelled.");
            }

            output.WriteLine("Closing consumer.");
            consumer.Close();
        }
    }
}
