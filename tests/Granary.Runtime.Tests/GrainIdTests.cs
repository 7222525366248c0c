// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Tests;

public class GrainIdTests
{
    [Fact]
    public void FormatsAndParsesTypeSlashKey()
    {
        var id = GrainId.Create("partition", "orders/3");
        Assert.Equal("partition/orders/3", id.ToString());
        var parsed = GrainId.Parse(id.ToString());
        Assert.Equal(id, parsed);
        Assert.Equal("partition", parsed.Type);
        Assert.Equal("orders/3", parsed.Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/key")]
    [InlineData("nokey")]
    public void RejectsMalformedText(string text)
    {
        Assert.False(GrainId.TryParse(text, out _));
        Assert.Throws<FormatException>(() => GrainId.Parse(text));
    }

    [Fact]
    public void RejectsTypeWithSeparator() => Assert.Throws<ArgumentException>(() => new GrainId("a/b", "k"));

    [Fact]
    public void EqualityIsOrdinalOnBothParts()
    {
        Assert.Equal(new GrainId("t", "k"), new GrainId("t", "k"));
        Assert.NotEqual(new GrainId("t", "k"), new GrainId("t", "K"));
        Assert.NotEqual(new GrainId("t", "k"), new GrainId("u", "k"));
        Assert.True(default(GrainId).IsDefault);
    }
}
