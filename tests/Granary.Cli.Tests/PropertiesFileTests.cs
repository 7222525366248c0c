// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cli.Configuration;
using Xunit;

namespace Granary.Cli.Tests;

public sealed class PropertiesFileTests
{
    [Fact]
    public void Parses_java_properties_syntax()
    {
        var text = "# comment\n! also a comment\nbootstrap.servers=10.0.0.1:9092\nclient.id : my-tool\nsasl.jaas.config=a \\\n    b\nlinger.ms 5\nempty=\n  spaced.key = value with spaces  \r\nescaped=tab\\there\n";
        var properties = PropertiesFile.Parse(text);
        Assert.Equal("10.0.0.1:9092", properties["bootstrap.servers"]);
        Assert.Equal("my-tool", properties["client.id"]);
        Assert.Equal("a b", properties["sasl.jaas.config"]);
        Assert.Equal("5", properties["linger.ms"]);
        Assert.Equal(string.Empty, properties["empty"]);
        Assert.Equal("value with spaces  ", properties["spaced.key"]);
        Assert.Equal("tab\there", properties["escaped"]);
        Assert.Equal(7, properties.Count);
    }
}
