// Copyright (c) Granary contributors. Licensed under the MIT License.

// CreatePartitions (API key 37), versions 0-3.
//   v0: topics[name, count, assignments (nullable)], timeout_ms, validate_only.   v1: same.   v2: flexible.   v3: same.
// The count is the new total and may only grow (INVALID_PARTITIONS otherwise). Manual assignments are refused with
// INVALID_REPLICA_ASSIGNMENT: the controller places the new replicas. A topic named twice answers INVALID_REQUEST.

using Granary.Grains.Topics;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class CreatePartitionsHandler : ApiHandler<CreatePartitionsRequest, CreatePartitionsResponse>
{
    private readonly IGrainFactory _grains;

    public CreatePartitionsHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.CreatePartitions;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override async ValueTask<CreatePartitionsResponse?> HandleAsync(CreatePartitionsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        var duplicates = request.Topics.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var response = new CreatePartitionsResponse();
        foreach (var topic in request.Topics)
        {
            var result = duplicates.Contains(topic.Name)
                ? TopicResult.Fail(KafkaErrorCode.InvalidRequest, $"Duplicate topic in request: {topic.Name}")
                : topic.Assignments is { Count: > 0 }
                    ? TopicResult.Fail(KafkaErrorCode.InvalidReplicaAssignment, "Manual replica assignment is not supported; the controller assigns replicas.")
                    : await _grains.GetTopicGrain(topic.Name).InvokeAsync((topic.Count, request.ValidateOnly), static (g, a) => g.CreatePartitionsAsync(a.Count, a.ValidateOnly));
            response.Results.Add(new CreatePartitionsResponse.CreatePartitionsTopicResult
            {
                Name = topic.Name,
                ErrorCode = (short)result.Error,
                ErrorMessage = result.Message,
            });
        }

        return response;
    }
}
