// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;
using Granary.Client.Admin;

namespace Granary.Streams.Failures;

/// <summary>Partition counts of topics, looked up once each; null for a topic that does not exist.</summary>
internal sealed class TopicDirectory(IAdminClient admin, TimeSpan requestTimeout)
{
    private readonly Dictionary<string, int?> _known = new(StringComparer.Ordinal);

    public async Task<int?> PartitionsAsync(string topic)
    {
        if (_known.TryGetValue(topic, out var count))
        {
            return count;
        }

        try
        {
            var result = await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames([topic]), new DescribeTopicsOptions { RequestTimeout = requestTimeout }).ConfigureAwait(false);
            var description = result.TopicDescriptions[0];
            count = description.Error.IsError ? Unknown(description.Error) : description.Partitions.Count;
        }
        catch (DescribeTopicsException ex)
        {
            count = Unknown(ex.Results.TopicDescriptions[0].Error);
        }

        _known[topic] = count;
        return count;
    }

    private static int? Unknown(Error error) =>
        error.Code == ErrorCode.UnknownTopicOrPart ? null : throw new KafkaException(error);
}
