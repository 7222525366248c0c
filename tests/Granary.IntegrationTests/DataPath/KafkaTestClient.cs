// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Cluster.Sqlite;
using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;

namespace Granary.IntegrationTests.DataPath;

/// <summary>Sends generated request types over a raw connection and decodes the generated response types.</summary>
public sealed class KafkaTestClient : IAsyncDisposable
{
    private readonly RawKafkaConnection _connection;
    private int _correlationId;

    private KafkaTestClient(RawKafkaConnection connection) => _connection = connection;

    public static async Task<KafkaTestClient> ConnectAsync(int port) => new(await RawKafkaConnection.ConnectAsync(port));

    /// <summary>Creates a topic straight in the silo's cluster table (the admin APIs live elsewhere).</summary>
    public static async Task CreateTopicAsync(string dataDirectory, string name, int partitions, Dictionary<string, string>? configs = null)
    {
        using var table = await SqliteClusterTable.OpenAsync(new SqliteClusterTableOptions { DataDirectory = dataDirectory, Pooling = false });
        var assignments = Enumerable.Range(0, partitions).Select(_ => (IReadOnlyList<int>)[0]).ToList();
        var result = await table.CreateTopicAsync(new NewTopic(name, Guid.NewGuid(), 1, configs ?? [], false, assignments));
        if (result.Status != ClusterWriteStatus.Success)
        {
            throw new InvalidOperationException($"Topic {name} was not created: {result.Status}");
        }
    }

    public Task SendOnlyAsync(IKafkaApiMessage request, short version)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _connection.SendAsync(Frame(request, version, ++_correlationId));
    }

    public async Task<TResponse> SendAsync<TResponse>(IKafkaApiMessage request, short version)
        where TResponse : IKafkaApiMessage, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var correlationId = ++_correlationId;
        await _connection.SendAsync(Frame(request, version, correlationId));
        return await ReceiveAsync<TResponse>(request, version, correlationId);
    }

    public async Task<TResponse> ReceiveAsync<TResponse>(IKafkaApiMessage request, short version, int? correlationId = null)
        where TResponse : IKafkaApiMessage, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var frame = await _connection.ReadFrameAsync() ?? throw new InvalidOperationException("The silo closed the connection.");
        var reader = new KafkaReader(frame);
        var header = new ResponseHeader();
        header.Read(ref reader, version >= request.FirstFlexibleVersion ? (short)1 : (short)0);
        if (correlationId is { } expected && header.CorrelationId != expected)
        {
            throw new InvalidOperationException($"Expected correlation id {expected}, got {header.CorrelationId}.");
        }

        var response = new TResponse();
        response.Read(ref reader, version);
        return response;
    }

    public int LastCorrelationId => _correlationId;

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static byte[] Frame(IKafkaApiMessage request, short version, int correlationId)
    {
        var body = new KafkaWriter();
        request.Write(body, version);
        return RawKafkaConnection.Request((short)request.ApiKey, version, correlationId, body.WrittenMemory.Span, flexible: version >= request.FirstFlexibleVersion);
    }
}
