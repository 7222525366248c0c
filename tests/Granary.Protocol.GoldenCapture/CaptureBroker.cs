// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol.Framing;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;

namespace Granary.Protocol.GoldenCapture;

/// <summary>
/// A one-node, one-partition-per-topic Kafka broker that answers just enough for kcat and kafkajs to send the
/// requests the golden corpus needs, and records each request frame it receives. Requests are read and responses
/// written with the generated message types. State (the produced batches, the consumer groups) lives in memory for
/// the life of the process, so a consumer run after a producer run reads what the producer wrote.
/// </summary>
internal sealed partial class CaptureBroker(FrameStore store, string host, int port, TextWriter log)
{
    public const int NodeId = 1;
    public const string ClusterId = "golden-cluster";

    private readonly Lock gate = new();

    /// <summary>
    /// Decodes the request, saves the frame, and builds the response frame (size prefix included), or null when the
    /// request takes no response (Produce with acks=0).
    /// </summary>
    /// <exception cref="ProtocolException">The frame is malformed, or asks for an API or version not advertised.</exception>
    public async Task<byte[]?> HandleAsync(byte[] frame, CancellationToken cancellationToken)
    {
        var apiKey = (ApiKey)BinaryPrimitives.ReadInt16BigEndian(frame);
        var version = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(2));
        var info = ApiMessages.Get(apiKey);
        var reader = new KafkaReader(frame);
        var header = new RequestHeader();
        header.Read(ref reader, info.IsSupported(version) ? info.RequestHeaderVersion(version) : (short)1);
        log.WriteLine($"<- {apiKey} v{version} correlation {header.CorrelationId} client '{header.ClientId}' ({frame.Length} bytes)");

        if (!ApiCatalog.IsAdvertised(apiKey, version))
        {
            if (apiKey == ApiKey.ApiVersions)
            {
                // A client that asked too high learns the ranges from a v0 answer and retries.
                return Encode(0, header.CorrelationId, ApiVersions(KafkaErrorCode.UnsupportedVersion));
            }

            throw new ProtocolException(KafkaErrorCode.UnsupportedVersion, $"{apiKey} v{version} is not answered by the capture broker.");
        }

        var request = info.CreateRequest();
        request.Read(ref reader, version);
        reader.EnsureAtEnd($"{apiKey} v{version}");

        string? label = null;
        IKafkaApiMessage? response = request switch
        {
            ApiVersionsRequest => ApiVersions(KafkaErrorCode.None),
            MetadataRequest metadata => AnswerMetadata(metadata, out label),
            ProduceRequest produce => AnswerProduce(produce, out label),
            ListOffsetsRequest listOffsets => AnswerListOffsets(listOffsets, version),
            FetchRequest fetch => await AnswerFetchAsync(fetch, cancellationToken),
            FindCoordinatorRequest => AnswerFindCoordinator(),
            JoinGroupRequest join => AnswerJoinGroup(join, header.ClientId),
            SyncGroupRequest sync => AnswerSyncGroup(sync),
            HeartbeatRequest => new HeartbeatResponse(),
            LeaveGroupRequest => new LeaveGroupResponse(),
            OffsetFetchRequest offsetFetch => AnswerOffsetFetch(offsetFetch),
            OffsetCommitRequest offsetCommit => AnswerOffsetCommit(offsetCommit),
            InitProducerIdRequest => new InitProducerIdResponse { ProducerId = 1000, ProducerEpoch = 0 },
            _ => throw new ProtocolException(KafkaErrorCode.InvalidRequest, $"{apiKey} has no answer."),
        };

        var saved = store.TrySave(apiKey.ToString(), version, label, frame);
        if (saved is not null)
        {
            log.WriteLine($"   saved {saved}");
        }

        if (response is null)
        {
            return null;
        }

        var encoded = Encode(version, header.CorrelationId, response);
        if (response is FetchResponse fetchResponse && fetchResponse.Responses.Any(topic => topic.Partitions.Any(p => p.Records is { IsEmpty: false })))
        {
            store.TrySave("FetchResponse", version, null, encoded.AsSpan(4));
        }

        return encoded;
    }

    /// <summary>A response frame: size prefix, response header at the API's header version, body.</summary>
    private static byte[] Encode(short version, int correlationId, IKafkaApiMessage body)
    {
        using var buffer = new PooledBufferWriter();
        ResponseFrame.Write(buffer, version, correlationId, body);
        return buffer.WrittenSpan.ToArray();
    }

    private static ApiVersionsResponse ApiVersions(KafkaErrorCode errorCode) => new()
    {
        ErrorCode = (short)errorCode,
        ApiKeys = [.. ApiCatalog.Advertised.Select(api => new ApiVersionsResponse.ApiVersion
        {
            ApiKey = (short)api.ApiKey,
            MinVersion = api.MinVersion,
            MaxVersion = api.MaxVersion,
        })],
    };
}
