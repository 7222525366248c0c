// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.GoldenCapture;

/// <summary>One API the capture broker answers: its key, Kafka's name, advertised versions and first flexible version.</summary>
internal sealed record ApiSupport(short ApiKey, string Name, short MinVersion, short MaxVersion, short FirstFlexibleVersion)
{
    public bool IsFlexible(short version) => version >= FirstFlexibleVersion;

    /// <summary>Request header v2 carries tagged fields; flexible requests use it, the rest v1.</summary>
    public short RequestHeaderVersion(short version) => IsFlexible(version) ? (short)2 : (short)1;

    /// <summary>ApiVersions answers with header v0 at every version so an old client can always read the error.</summary>
    public short ResponseHeaderVersion(short version) =>
        ApiKey != ApiCatalog.ApiVersions && IsFlexible(version) ? (short)1 : (short)0;
}
