// Copyright (c) Granary contributors. Licensed under the MIT License.

// DeleteTopics (API key 20), versions 0-6.
//   v0: topic_names, timeout_ms -> responses[name, error_code].   v1: + throttle_time_ms.   v2-v3: same.
//   v4: flexible.   v5: + error_message.   v6: topics[name or topic_id]; results carry the topic id.
// A topic is deleted by its TopicGrain: from the cluster table by the controller (NOT_CONTROLLER elsewhere), and its
// local partition logs are removed (a topic named by id is looked up first); with delete.topic.enable=false every entry answers TOPIC_DELETION_DISABLED.

using Granary.Cluster;
using Granary.Grains.Topics;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class DeleteTopicsHandler : ApiHandler<DeleteTopicsRequest, DeleteTopicsResponse>
{
    private readonly TopicService _topics;
    private readonly IClusterTable _table;
    private readonly IGrainFactory _grains;

    public DeleteTopicsHandler(TopicService topics, IClusterTable table, IGrainFactory grains)
    {
        _topics = topics;
        _table = table;
        _grains = grains;
    }

    public override ApiKey ApiKey => ApiKey.DeleteTopics;

    public override short MinVersion => 0;

    public override short MaxVersion => 6;

    protected override async ValueTask<DeleteTopicsResponse?> HandleAsync(DeleteTopicsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        var version = context.ApiVersion;
        var response = new DeleteTopicsResponse();
        IEnumerable<(string? Name, Guid Id)> targets = version >= 6
            ? request.Topics.Select(t => (t.Name, t.TopicId))
            : request.TopicNames.Select(n => ((string?)n, Guid.Empty));
        foreach (var (name, id) in targets)
        {
            TopicResult result;
            if (name is not null && id != Guid.Empty)
            {
                result = TopicResult.Fail(KafkaErrorCode.InvalidRequest, "A topic must be named by name or by id, not both.");
            }
            else if (!_topics.Options.DeleteTopicEnable)
            {
                result = TopicResult.Fail(KafkaErrorCode.TopicDeletionDisabled, "Topic deletion is disabled (delete.topic.enable=false).");
            }
            else if (name is not null)
            {
                result = await DeleteAsync(name);
            }
            else
            {
                var topic = (await _table.ListTopicsAsync(cancellationToken)).FirstOrDefault(t => t.TopicId == id);
                result = topic is null
                    ? TopicResult.Fail(KafkaErrorCode.UnknownTopicId, $"No topic with id {id}.")
                    : await DeleteAsync(topic.Name);
            }

            response.Responses.Add(new DeleteTopicsResponse.DeletableTopicResult
            {
                Name = name ?? result.Topic?.Name,
                TopicId = version >= 6 ? (result.Topic?.TopicId ?? id) : Guid.Empty,
                ErrorCode = (short)result.Error,
                ErrorMessage = version >= 5 ? result.Message : null,
            });
        }

        return response;
    }

    private async Task<TopicResult> DeleteAsync(string name) =>
        TopicNameRules.Explain(name) is not null
            ? TopicResult.Fail(KafkaErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.")
            : await _grains.GetTopicGrain(name).InvokeAsync(static g => g.DeleteAsync());
}
