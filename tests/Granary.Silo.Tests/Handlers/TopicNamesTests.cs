// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Handlers;
using Xunit;

namespace Granary.Silo.Tests.Handlers;

public class TopicNamesTests
{
    [Theory]
    [InlineData("orders", true)]
    [InlineData("a.b_c-D9", true)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("with space", false)]
    [InlineData("ünicode", false)]
    [InlineData("slash/topic", false)]
    public void Kafka_topic_name_rules(string name, bool valid) => Assert.Equal(valid, TopicNames.IsValid(name));

    [Fact]
    public void Length_limit_is_249()
    {
        Assert.True(TopicNames.IsValid(new string('x', 249)));
        Assert.False(TopicNames.IsValid(new string('x', 250)));
    }
}
