// Copyright (c) Granary contributors. Licensed under the MIT License.

using Xunit;

namespace Granary.Cluster.Tests;

public sealed class ClusterIdTests
{
    [Fact]
    public void Kafka_string_form_is_unpadded_base64url_of_the_big_endian_bytes()
    {
        var bytes = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        Assert.Equal("AAECAwQFBgcICQoLDA0ODw", ClusterId.ToKafkaString(new Guid(bytes, bigEndian: true)));

        var high = Enumerable.Repeat((byte)0xFB, 16).ToArray();
        Assert.Equal("-_v7-_v7-_v7-_v7-_v7-w", ClusterId.ToKafkaString(new Guid(high, bigEndian: true)));
    }

    [Fact]
    public void New_ids_are_22_base64url_characters_never_starting_with_a_dash_and_distinct()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => ClusterId.NewClusterId()).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            Assert.Equal(22, id.Length);
            Assert.NotEqual('-', id[0]);
            Assert.All(id, ch => Assert.True(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'));
        });
    }
}
