// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.GoldenCapture;

/// <summary>
/// The APIs the capture broker answers, with the version ranges it advertises and the first flexible version of
/// each. The ranges are those of a Kafka 3.x broker, so clients pick the versions they would pick in production.
/// </summary>
internal static class ApiCatalog
{
    public const short Produce = 0;
    public const short Fetch = 1;
    public const short ListOffsets = 2;
    public const short Metadata = 3;
    public const short OffsetCommit = 8;
    public const short OffsetFetch = 9;
    public const short FindCoordinator = 10;
    public const short JoinGroup = 11;
    public const short Heartbeat = 12;
    public const short LeaveGroup = 13;
    public const short SyncGroup = 14;
    public const short ApiVersions = 18;
    public const short InitProducerId = 22;

    public static readonly IReadOnlyList<ApiSupport> Supported =
    [
        new(Produce, "Produce", 0, 9, 9),
        new(Fetch, "Fetch", 0, 12, 12),
        new(ListOffsets, "ListOffsets", 0, 7, 6),
        new(Metadata, "Metadata", 0, 12, 9),
        new(OffsetCommit, "OffsetCommit", 0, 8, 8),
        new(OffsetFetch, "OffsetFetch", 0, 7, 6),
        new(FindCoordinator, "FindCoordinator", 0, 3, 3),
        new(JoinGroup, "JoinGroup", 0, 7, 6),
        new(Heartbeat, "Heartbeat", 0, 4, 4),
        new(LeaveGroup, "LeaveGroup", 0, 4, 4),
        new(SyncGroup, "SyncGroup", 0, 5, 4),
        new(ApiVersions, "ApiVersions", 0, 3, 3),
        new(InitProducerId, "InitProducerId", 0, 4, 2),
    ];

    public static ApiSupport? Find(short apiKey) => Supported.FirstOrDefault(api => api.ApiKey == apiKey);

    public static string NameOf(short apiKey) => Find(apiKey)?.Name ?? $"ApiKey{apiKey}";
}
