// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;
using Granary.Client.Admin;

namespace Granary.Cli.Commands;

/// <summary>Admin look-ups several commands share, turning "not there" into the CLI's one-line failures.</summary>
public static class AdminOperations
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The topic's description; an unknown topic fails the command with exit code 1.</summary>
    public static async Task<TopicDescription> DescribeTopicAsync(IAdminClient admin, string topic)
    {
        var all = await DescribeTopicsAsync(admin, [topic]).ConfigureAwait(false);
        return all[0];
    }

    public static async Task<List<TopicDescription>> DescribeTopicsAsync(IAdminClient admin, IReadOnlyCollection<string> topics)
    {
        try
        {
            var result = await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(topics), new DescribeTopicsOptions { RequestTimeout = RequestTimeout }).ConfigureAwait(false);
            foreach (var description in result.TopicDescriptions)
            {
                ThrowIfError(description.Name, description.Error);
            }

            return result.TopicDescriptions;
        }
        catch (DescribeTopicsException ex)
        {
            var failed = ex.Results.TopicDescriptions.First(d => d.Error.IsError);
            ThrowIfError(failed.Name, failed.Error);
            throw;
        }
    }

    /// <summary>Log end offsets (Kafka's LogEndOffset, the high watermark for read_uncommitted) of the given partitions.</summary>
    public static async Task<Dictionary<TopicPartition, long>> ListOffsetsAsync(IAdminClient admin, IEnumerable<TopicPartition> partitions, OffsetSpec spec)
    {
        var request = partitions.Select(tp => new TopicPartitionOffsetSpec { TopicPartition = tp, OffsetSpec = spec }).ToList();
        var result = new Dictionary<TopicPartition, long>();
        if (request.Count == 0)
        {
            return result;
        }

        try
        {
            var offsets = await admin.ListOffsetsAsync(request, new ListOffsetsOptions { RequestTimeout = RequestTimeout }).ConfigureAwait(false);
            foreach (var info in offsets.ResultInfos)
            {
                var tpoe = info.TopicPartitionOffsetError;
                ThrowIfError($"{tpoe.Topic}[{tpoe.Partition.Value}]", tpoe.Error);
                result[tpoe.TopicPartition] = tpoe.Offset.Value;
            }
        }
        catch (ListOffsetsException ex)
        {
            var failed = ex.Result.ResultInfos.Select(i => i.TopicPartitionOffsetError).First(e => e.Error.IsError);
            ThrowIfError($"{failed.Topic}[{failed.Partition.Value}]", failed.Error);
            throw;
        }

        return result;
    }

    public static void ThrowIfError(string what, Error error)
    {
        if (!error.IsError)
        {
            return;
        }

        throw error.Code == ErrorCode.UnknownTopicOrPart
            ? CliException.Failed($"unknown topic '{what}'")
            : CliException.Failed($"{what}: {error.Code}: {error.Reason}");
    }
}
