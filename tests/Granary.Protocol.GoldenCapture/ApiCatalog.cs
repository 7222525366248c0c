// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.GoldenCapture;

/// <summary>
/// The APIs the capture broker answers and the version ranges it advertises: those of a Kafka 3.x broker, so clients
/// pick the versions they would pick in production. Encodings (flexible versions, header versions) come from the
/// generated catalog.
/// </summary>
internal static class ApiCatalog
{
    public static readonly IReadOnlyList<(ApiKey ApiKey, short MinVersion, short MaxVersion)> Advertised =
    [
        (ApiKey.Produce, 0, 9),
        (ApiKey.Fetch, 0, 12),
        (ApiKey.ListOffsets, 0, 7),
        (ApiKey.Metadata, 0, 12),
        (ApiKey.OffsetCommit, 0, 8),
        (ApiKey.OffsetFetch, 0, 7),
        (ApiKey.FindCoordinator, 0, 3),
        (ApiKey.JoinGroup, 0, 7),
        (ApiKey.Heartbeat, 0, 4),
        (ApiKey.LeaveGroup, 0, 4),
        (ApiKey.SyncGroup, 0, 5),
        (ApiKey.ApiVersions, 0, 3),
        (ApiKey.InitProducerId, 0, 4),
    ];

    public static bool IsAdvertised(ApiKey apiKey, short version) =>
        Advertised.Any(api => api.ApiKey == apiKey && version >= api.MinVersion && version <= api.MaxVersion);
}
