// Copyright (c) Granary contributors. Licensed under the MIT License.

// A typical Confluent.Kafka admin call, with only the usings changed ("Confluent.Kafka" -> "Granary.Client",
// "Confluent.Kafka.Admin" -> "Granary.Client.Admin").
using Granary.Client;
using Granary.Client.Admin;

namespace CompatTests.Programs;

public static class CreateTopicsAdmin
{
    public static async Task<bool> CreateTopicAsync(string bootstrapServers, string topicName, int partitions, TextWriter output)
    {
        using (var adminClient = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build())
        {
            try
            {
                await adminClient.CreateTopicsAsync(new TopicSpecification[]
                {
                    new TopicSpecification { Name = topicName, ReplicationFactor = 1, NumPartitions = partitions },
                });
                output.WriteLine($"Created topic {topicName}");
                return true;
            }
            catch (CreateTopicsException e)
            {
                output.WriteLine($"An error occurred creating topic {e.Results[0].Topic}: {e.Results[0].Error.Reason} ({e.Results[0].Error.Code})");
                return false;
            }
        }
    }

    public static List<string> ListTopics(string bootstrapServers)
    {
        using (var adminClient = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build())
        {
            var metadata = adminClient.GetMetadata(TimeSpan.FromSeconds(10));
            return metadata.Topics.Select(t => t.Topic).ToList();
        }
    }
}
