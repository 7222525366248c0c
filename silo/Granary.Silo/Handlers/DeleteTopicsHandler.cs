// Copyright (c) Granary contributors. Licensed under the MIT License.

// DeleteTopics (API key 20), versions 0-6.
//   v0: topic_names, timeout_ms -> responses[name, error_code].   v1: + throttle_time_ms.   v2-v3: same.
//   v4: flexible.   v5: + error_message.   v6: topics[name or topic_id]; results carry the topic id.
// A topic is deleted from the cluster table by the controller (NOT_CONTROLLER elsewhere) and its local partition logs
// are removed; with delete.topic.enable=false every entry answers TOPIC_DELETION_DISABLED.

using Granary.Grains.Topics;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class DeleteTopicsHandler : ApiHandler<DeleteTopicsRequest, DeleteTopicsResponse>
{
    private readonly TopicService _topics;

    public DeleteTopicsHandler(TopicService topics) => _topics = topics;

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
            else if (name is not null)
            {
                result = await _topics.DeleteTopicAsync(name, cancellationToken);
            }
            else
            {
                result = await _topics.DeleteTopicAsync(id, cancellationToken);
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
}
