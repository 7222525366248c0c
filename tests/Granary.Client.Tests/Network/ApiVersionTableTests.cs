// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Network;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Client.Tests.Network;

public class ApiVersionTableTests
{
    private static ApiVersionTable Table(params (ApiKey Key, short Min, short Max)[] ranges) =>
        new(ranges.Select(r => new ApiVersionsResponse.ApiVersion { ApiKey = (short)r.Key, MinVersion = r.Min, MaxVersion = r.Max }));

    [Fact]
    public void Picks_highest_common_version_capped_by_client()
    {
        var table = Table((ApiKey.Metadata, 0, 12), (ApiKey.Produce, 3, 7));
        Assert.Equal(9, table.Pick(ApiKey.Metadata, 9));
        Assert.Equal(7, table.Pick(ApiKey.Produce, 11));
        Assert.Equal(12, table.Pick(ApiKey.Metadata, 12));
    }

    [Fact]
    public void Fails_without_overlap_or_when_the_broker_lacks_the_api()
    {
        var table = Table((ApiKey.Produce, 9, 11));
        var noOverlap = Assert.Throws<KafkaException>(() => table.Pick(ApiKey.Produce, 8));
        Assert.Equal(ErrorCode.Local_UnsupportedFeature, noOverlap.Error.Code);
        var missing = Assert.Throws<KafkaException>(() => table.Pick(ApiKey.Fetch, 12));
        Assert.Equal(ErrorCode.Local_UnsupportedFeature, missing.Error.Code);
        Assert.Contains("Fetch", missing.Message, StringComparison.Ordinal);
    }
}
