// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Generator;
using Granary.Protocol.Messages;
using Granary.Protocol.Tests.Generator;
using Xunit;

namespace Granary.Protocol.Tests.Messages;

public sealed class CatalogTests
{
    [Fact]
    public void EverySpecHasAGeneratedType()
    {
        var assembly = typeof(ApiMessages).Assembly;
        var specs = SpecDirectory.Find();
        if (specs is not null)
        {
            var result = MessageGenerator.Generate(specs);
            Assert.Equal(ApiMessages.MessageCount, result.Messages.Count);
            foreach (var message in result.Messages)
            {
                Assert.True(assembly.GetType("Granary.Protocol.Messages." + message.Name) is not null, $"{message.FileName} has no generated type");
            }
        }

        // Without the specs the catalog the generator emitted is the reference: a request and a response per API,
        // plus the two headers.
        Assert.Equal(ApiMessages.MessageCount, ApiMessages.MessageTypes.Count);
        Assert.Equal((2 * ApiMessages.All.Count) + 2, ApiMessages.MessageTypes.Count);
        foreach (var api in ApiMessages.All)
        {
            Assert.Contains(api.RequestType, ApiMessages.MessageTypes);
            Assert.Contains(api.ResponseType, ApiMessages.MessageTypes);
            Assert.Equal(api.ApiKey, api.CreateRequest().ApiKey);
            Assert.Equal(api.ApiKey, api.CreateResponse().ApiKey);
            Assert.Equal(api.LowestSupportedVersion, api.CreateRequest().LowestSupportedVersion);
            Assert.Equal(api.HighestSupportedVersion, api.CreateRequest().HighestSupportedVersion);
            Assert.Equal(api.RequestType.Name, api.ApiKey + "Request");
        }

        Assert.Contains(typeof(RequestHeader), ApiMessages.MessageTypes);
        Assert.Contains(typeof(ResponseHeader), ApiMessages.MessageTypes);
    }

    [Fact]
    public void ApiKeysHaveKafkasNumbers()
    {
        Assert.Equal(0, (short)ApiKey.Produce);
        Assert.Equal(1, (short)ApiKey.Fetch);
        Assert.Equal(3, (short)ApiKey.Metadata);
        Assert.Equal(18, (short)ApiKey.ApiVersions);
        Assert.Equal(7, (short)ApiKey.ControlledShutdown);
    }

    [Fact]
    public void HeaderVersionsFollowFlexibleVersionsWithKafkasExceptions()
    {
        var produce = ApiMessages.Get(ApiKey.Produce);
        Assert.Equal(9, produce.FirstFlexibleVersion);
        Assert.Equal(1, produce.RequestHeaderVersion(8));
        Assert.Equal(2, produce.RequestHeaderVersion(9));
        Assert.Equal(0, produce.ResponseHeaderVersion(8));
        Assert.Equal(1, produce.ResponseHeaderVersion(9));

        var apiVersions = ApiMessages.Get(ApiKey.ApiVersions);
        Assert.Equal(2, apiVersions.RequestHeaderVersion(3));
        Assert.Equal(0, apiVersions.ResponseHeaderVersion(3));

        var shutdown = ApiMessages.Get(ApiKey.ControlledShutdown);
        Assert.Equal(0, shutdown.RequestHeaderVersion(0));
        Assert.Equal(1, shutdown.RequestHeaderVersion(1));
    }
}
