// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.Client;
using Granary.Client.Admin;
using Granary.Streams.Hosting;

namespace Granary.Streams.Subscriptions;

/// <summary>
/// Finds and removes subscriptions through the cluster's consumer groups, so every process sees the same set: a
/// subscription exists as long as its group has live members or committed offsets on the stream's topic.
/// </summary>
internal static class SubscriptionDirectory
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Groups named <paramref name="prefix"/> + a subscription name that have members, or committed offsets on <paramref name="topic"/>.</summary>
    public static async Task<List<string>> FindGroupsAsync(GranaryClient client, string topic, string prefix)
    {
        using var admin = new AdminClientBuilder(client.Config()).Build();
        var listed = await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = s_requestTimeout }).ConfigureAwait(false);
        var candidates = listed.Valid.Select(g => g.GroupId).Where(g => g.Length > prefix.Length && g.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        List<ConsumerGroupDescription> descriptions;
        try
        {
            descriptions = (await admin.DescribeConsumerGroupsAsync(candidates, new DescribeConsumerGroupsOptions { RequestTimeout = s_requestTimeout }).ConfigureAwait(false)).ConsumerGroupDescriptions;
        }
        catch (DescribeConsumerGroupsException ex)
        {
            // Groups deleted between the listing and the description come back with an error: skip those.
            descriptions = ex.Results.ConsumerGroupDescriptions;
        }

        var found = new List<string>();
        foreach (var description in descriptions.Where(d => !d.Error.IsError && d.State != ConsumerGroupState.Dead))
        {
            if (description.Members.Count > 0 || await HasOffsetsOnAsync(admin, description.GroupId, topic).ConfigureAwait(false))
            {
                found.Add(description.GroupId);
            }
        }

        return found;
    }

    /// <summary>
    /// Deletes the group and its committed offsets. A group with live members (the subscription runs in another
    /// process) cannot be deleted: that throws <see cref="InvalidOperationException"/> and leaves it running there.
    /// </summary>
    public static async Task DeleteGroupAsync(GranaryClient client, string group)
    {
        using var admin = new AdminClientBuilder(client.Config()).Build();
        try
        {
            await admin.DeleteGroupsAsync([group], new DeleteGroupsOptions { RequestTimeout = s_requestTimeout }).ConfigureAwait(false);
        }
        catch (DeleteGroupsException ex) when (ex.Results.Count > 0)
        {
            var error = ex.Results[0].Error;
            switch (error.Code)
            {
                case ErrorCode.GroupIdNotFound:
                    return;
                case ErrorCode.NonEmptyGroup:
                    var members = await MemberCountAsync(admin, group).ConfigureAwait(false);
                    throw new InvalidOperationException(
                        $"Subscription {group} still has {members.ToString(CultureInfo.InvariantCulture)} live member(s) in other processes, so it was not removed and keeps running there. " +
                        "Unsubscribe it in those processes (or stop them and wait for their session timeout), then unsubscribe again.");
                default:
                    throw;
            }
        }
    }

    private static async Task<bool> HasOffsetsOnAsync(IAdminClient admin, string group, string topic)
    {
        try
        {
            var offsets = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)]).ConfigureAwait(false);
            return offsets.SelectMany(o => o.Partitions).Any(p => p.Topic == topic && !p.Error.IsError && p.Offset.Value >= 0);
        }
        catch (ListConsumerGroupOffsetsException)
        {
            return false;
        }
    }

    private static async Task<int> MemberCountAsync(IAdminClient admin, string group)
    {
        try
        {
            var result = await admin.DescribeConsumerGroupsAsync([group], new DescribeConsumerGroupsOptions { RequestTimeout = s_requestTimeout }).ConfigureAwait(false);
            return result.ConsumerGroupDescriptions[0].Members.Count;
        }
        catch (DescribeConsumerGroupsException)
        {
            return 0;
        }
    }
}
