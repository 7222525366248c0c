// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.GoldenCapture;

/// <summary>The decoded request header and where the body starts in the frame.</summary>
internal sealed record RequestContext(ApiSupport Api, short Version, int CorrelationId, string? ClientId, int BodyOffset)
{
    public bool Flexible => Api.IsFlexible(Version);

    /// <summary>Starts a response frame: the size prefix, the correlation id, and the header's tagged fields if any.</summary>
    public WireWriter BeginResponse()
    {
        var writer = new WireWriter(Flexible);
        writer.Int32(CorrelationId);
        if (Api.ResponseHeaderVersion(Version) >= 1)
        {
            writer.Tags();
        }

        return writer;
    }
}
