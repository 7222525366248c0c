// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Xunit;

namespace Granary.IntegrationTests.Topics;

/// <summary>Sends one generated request at a version over a raw connection and decodes the generated response.</summary>
internal static class AdminCalls
{
    public static async Task<TResponse> CallAsync<TResponse>(int port, IKafkaApiMessage request, short version)
        where TResponse : IKafkaApiMessage, new()
    {
        var flexible = request.FirstFlexibleVersion >= 0 && version >= request.FirstFlexibleVersion;
        var body = new KafkaWriter();
        request.Write(body, version);
        await using var connection = await RawKafkaConnection.ConnectAsync(port);
        await connection.SendAsync(RawKafkaConnection.Request((short)request.ApiKey, version, 42, body.WrittenMemory.Span, flexible));
        var frame = await connection.ReadFrameAsync();
        Assert.NotNull(frame);
        var reader = new KafkaReader(frame);
        var header = new ResponseHeader();
        header.Read(ref reader, flexible ? (short)1 : (short)0);
        Assert.Equal(42, header.CorrelationId);
        var response = new TResponse();
        response.Read(ref reader, version);
        Assert.True(reader.IsAtEnd);
        return response;
    }

    public static CreateTopicsRequest.CreatableTopic Topic(string name, int partitions, short replicationFactor = 1, params (string Name, string Value)[] configs) =>
        new()
        {
            Name = name,
            NumPartitions = partitions,
            ReplicationFactor = replicationFactor,
            Configs = [.. configs.Select(c => new CreateTopicsRequest.CreatableTopicConfig { Name = c.Name, Value = c.Value })],
        };

    public static Task<CreateTopicsResponse> CreateAsync(int port, short version, bool validateOnly, params CreateTopicsRequest.CreatableTopic[] topics) =>
        CallAsync<CreateTopicsResponse>(port, new CreateTopicsRequest { Topics = [.. topics], validateOnly = validateOnly }, version);

    public static async Task<MetadataResponse> MetadataAsync(int port, params string[] topics) =>
        await CallAsync<MetadataResponse>(port, new MetadataRequest
        {
            Topics = [.. topics.Select(t => new MetadataRequest.MetadataRequestTopic { Name = t })],
            AllowAutoTopicCreation = false,
        }, 9);

    public static async Task<DescribeConfigsResponse.DescribeConfigsResult> DescribeTopicAsync(int port, string topic, short version = 4, bool synonyms = false, bool documentation = false)
    {
        var response = await CallAsync<DescribeConfigsResponse>(port, new DescribeConfigsRequest
        {
            Resources = [new() { ResourceType = 2, ResourceName = topic, ConfigurationKeys = null }],
            IncludeSynonyms = synonyms && version >= 1,
            IncludeDocumentation = documentation && version >= 3,
        }, version);
        return Assert.Single(response.Results);
    }
}
