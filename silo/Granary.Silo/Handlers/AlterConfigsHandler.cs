// Copyright (c) Granary contributors. Licensed under the MIT License.

// AlterConfigs (API key 33), versions 0-2.
//   v0: resources[type, name, configs[name, value]], validate_only -> responses[error, message, type, name].
//   v1: same.   v2: flexible.
// Topic resources replace the topic's whole override set (keys not given revert to their defaults), validated
// first: an unknown key or out-of-range value answers INVALID_CONFIG naming the key and the allowed values. The change
// is written to the cluster table, from which the live partition logs pick it up (TopicConfigWatcher). Broker
// resources answer INVALID_REQUEST: Granary's broker settings are static.

using Granary.Grains.Topics;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class AlterConfigsHandler : ApiHandler<AlterConfigsRequest, AlterConfigsResponse>
{
    private readonly IGrainFactory _grains;

    public AlterConfigsHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.AlterConfigs;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    protected override async ValueTask<AlterConfigsResponse?> HandleAsync(AlterConfigsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        var response = new AlterConfigsResponse();
        foreach (var resource in request.Resources)
        {
            TopicResult result;
            if ((ConfigResourceType)resource.ResourceType != ConfigResourceType.Topic)
            {
                result = TopicResult.Fail(KafkaErrorCode.InvalidRequest, $"Config resource type {resource.ResourceType} cannot be altered: broker settings are static.");
            }
            else if (resource.Configs.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            {
                result = TopicResult.Fail(KafkaErrorCode.InvalidRequest, $"Error due to duplicate config keys: {repeated.Key}");
            }
            else
            {
                var configs = resource.Configs.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);
                result = await _grains.GetTopicGrain(resource.ResourceName).InvokeAsync((configs, request.ValidateOnly), static (g, a) => g.AlterConfigsAsync(a.configs, a.ValidateOnly));
            }

            response.Responses.Add(new AlterConfigsResponse.AlterConfigsResourceResponse
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
