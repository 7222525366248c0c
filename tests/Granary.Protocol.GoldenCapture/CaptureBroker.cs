// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;

namespace Granary.Protocol.GoldenCapture;

/// <summary>
/// A one-node, one-partition-per-topic Kafka broker that answers just enough for kcat and kafkajs to send the
/// requests the golden corpus needs, and records each request frame it receives. State (the produced batches, the
/// single consumer group) lives in memory for the life of the process, so a consumer run after a producer run
/// reads what the producer wrote.
/// </summary>
internal sealed partial class CaptureBroker(FrameStore store, string host, int port, TextWriter log)
{
    public const int NodeId = 1;
    public const string ClusterId = "golden-cluster";

    private readonly Lock gate = new();

    /// <summary>
    /// Parses the header, saves the frame, and builds the response frame (size prefix included), or null when the
    /// request takes no response (Produce with acks=0).
    /// </summary>
    public async Task<byte[]?> HandleAsync(byte[] frame, CancellationToken cancellationToken)
    {
        var apiKey = BinaryPrimitives.ReadInt16BigEndian(frame);
        var version = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(2));
        var api = ApiCatalog.Find(apiKey)
            ?? throw new NotSupportedException($"{ApiCatalog.NameOf(apiKey)} v{version} is not answered by the capture broker.");
        var context = ReadHeader(frame, api, version);
        log.WriteLine($"<- {api.Name} v{version} correlation {context.CorrelationId} client '{context.ClientId}' ({frame.Length} bytes)");

        if (apiKey == ApiCatalog.ApiVersions && (version < api.MinVersion || version > api.MaxVersion))
        {
            // The client learns the ranges from a v0 answer and retries at a version both sides know.
            return WriteApiVersions(context with { Version = 0 }, KafkaErrorCode.UnsupportedVersion);
        }

        if (version < api.MinVersion || version > api.MaxVersion)
        {
            throw new NotSupportedException($"{api.Name} v{version} is outside the advertised {api.MinVersion}-{api.MaxVersion}.");
        }

        var body = frame.AsMemory(context.BodyOffset);
        string? label = null;
        byte[]? response = apiKey switch
        {
            ApiCatalog.ApiVersions => WriteApiVersions(context, KafkaErrorCode.None),
            ApiCatalog.Metadata => AnswerMetadata(context, body.Span, out label),
            ApiCatalog.Produce => AnswerProduce(context, body.Span, out label),
            ApiCatalog.ListOffsets => AnswerListOffsets(context, body.Span),
            ApiCatalog.Fetch => await AnswerFetchAsync(context, body, cancellationToken),
            ApiCatalog.FindCoordinator => AnswerFindCoordinator(context),
            ApiCatalog.JoinGroup => AnswerJoinGroup(context, body.Span),
            ApiCatalog.SyncGroup => AnswerSyncGroup(context, body.Span),
            ApiCatalog.Heartbeat => AnswerHeartbeat(context),
            ApiCatalog.LeaveGroup => AnswerLeaveGroup(context),
            ApiCatalog.OffsetFetch => AnswerOffsetFetch(context, body.Span),
            ApiCatalog.OffsetCommit => AnswerOffsetCommit(context, body.Span),
            ApiCatalog.InitProducerId => AnswerInitProducerId(context),
            _ => throw new NotSupportedException($"{api.Name} has no answer."),
        };

        var saved = store.TrySave(api.Name, version, label, frame);
        if (saved is not null)
        {
            log.WriteLine($"   saved {saved}");
        }

        return response;
    }

    private static RequestContext ReadHeader(byte[] frame, ApiSupport api, short version)
    {
        // The client id is a classic nullable string even in header v2; only the trailing tags are compact.
        var reader = new WireReader(frame, flexible: false);
        reader.ReadInt16();
        reader.ReadInt16();
        var correlationId = reader.ReadInt32();
        var clientId = reader.ReadString();
        if (api.RequestHeaderVersion(version) >= 2)
        {
            reader.Flexible = true;
            reader.SkipTaggedFields();
        }

        return new RequestContext(api, version, correlationId, clientId, reader.Position);
    }

    private static byte[] WriteApiVersions(RequestContext context, KafkaErrorCode errorCode)
    {
        var writer = context.BeginResponse();
        writer.Int16((short)errorCode).ArrayLength(ApiCatalog.Supported.Count);
        foreach (var api in ApiCatalog.Supported)
        {
            writer.Int16(api.ApiKey).Int16(api.MinVersion).Int16(api.MaxVersion).Tags();
        }

        if (context.Version >= 1)
        {
            writer.Int32(0);
        }

        return writer.Tags().ToFrame();
    }

    private static byte[] AnswerInitProducerId(RequestContext context) =>
        context.BeginResponse().Int32(0).Int16(0).Int64(1000).Int16(0).Tags().ToFrame();
}
