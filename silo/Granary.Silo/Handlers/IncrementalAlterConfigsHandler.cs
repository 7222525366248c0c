// Copyright (c) Granary contributors. Licensed under the MIT License.

// IncrementalAlterConfigs (API key 44), versions 0-1.
//   v0: resources[type, name, configs[name, operation, value]], validate_only.   v1: flexible.
// Operations: SET (0), DELETE (1, back to the default), APPEND (2) and SUBTRACT (3) on list configs such as
// cleanup.policy (on other types INVALID_CONFIG). A key repeated in one resource answers INVALID_REQUEST. Changes go
// to the cluster table and reach the live partition logs through TopicConfigWatcher. Broker resources answer
// INVALID_REQUEST: Granary's broker settings are static.

using Granary.Grains.Topics;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class IncrementalAlterConfigsHandler : ApiHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>
{
    private readonly IGrainFactory _grains;

    public IncrementalAlterConfigsHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.IncrementalAlterConfigs;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override async ValueTask<IncrementalAlterConfigsResponse?> HandleAsync(
        IncrementalAlterConfigsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        var response = new IncrementalAlterConfigsResponse();
        foreach (var resource in request.Resources)
        {
            TopicResult result;
            if ((ConfigResourceType)resource.ResourceType != ConfigResourceType.Topic)
            {
                result = TopicResult.Fail(KafkaErrorCode.InvalidRequest, $"Config resource type {resource.ResourceType} cannot be altered: broker settings are static.");
            }
            else if (resource.Configs.FirstOrDefault(c => c.ConfigOperation is < 0 or > 3) is { } unknown)
            {
                result = TopicResult.Fail(KafkaErrorCode.InvalidRequest, $"Unknown config operation {unknown.ConfigOperation} for {unknown.Name}.");
            }
            else
            {
                var alterations = resource.Configs.Select(c => new ConfigAlteration(c.Name, (ConfigOperation)c.ConfigOperation, c.Value)).ToList();
                result = await _grains.GetTopicGrain(resource.ResourceName).InvokeAsync((alterations, request.ValidateOnly), static (g, a) => g.IncrementalAlterConfigsAsync(a.alterations, a.ValidateOnly));
            }

            response.Responses.Add(new IncrementalAlterConfigsResponse.AlterConfigsResourceResponse
            {
                ErrorCode = (short)result.Error,
                ErrorMessage = result.Message,
                ResourceType = resource.ResourceType,
                ResourceName = resource.ResourceName,
            });
        }

        return response;
    }
}
