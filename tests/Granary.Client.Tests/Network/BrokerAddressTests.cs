// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Network;
using Xunit;

namespace Granary.Client.Tests.Network;

public class BrokerAddressTests
{
    [Fact]
    public void Parses_lists_default_port_and_scheme_prefixes()
    {
        var list = BrokerAddress.ParseList(" a:1, PLAINTEXT://b:9093 ,c,[::1]:7");
        Assert.Equal([new BrokerAddress("a", 1), new BrokerAddress("b", 9093), new BrokerAddress("c", 9092), new BrokerAddress("::1", 7)], list);
        Assert.Equal("a:1", list[0].ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a:0")]
    [InlineData("a:70000")]
    [InlineData("a:x")]
    public void Rejects_bad_lists_naming_bootstrap_servers(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => BrokerAddress.ParseList(value));
        Assert.Contains("bootstrap.servers", ex.Message, StringComparison.Ordinal);
    }
}
