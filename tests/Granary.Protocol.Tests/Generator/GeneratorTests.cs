// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Generator;
using Xunit;

namespace Granary.Protocol.Tests.Generator;

public sealed class GeneratorTests
{
    // A made-up spec in Kafka's format, exercising comments, tags, nullable and flexible versions.
    private const string SampleRequest = """
        // Leading comment line.
        {
          "apiKey": 4242, // trailing comment
          "type": "request",
          "name": "SampleRequest",
          "validVersions": "0-3",
          "flexibleVersions": "2+",
          "fields": [
            { "name": "Url", "type": "string", "versions": "0+", "default": "http://x//y", "about": "Slashes // in a string stay." },
            { "name": "Items", "type": "[]Item", "versions": "1+", "nullableVersions": "3+", "fields": [
              { "name": "Id", "type": "int32", "versions": "0+", "default": "0x7fffffff" }
            ]},
            { "name": "Note", "type": "string", "versions": "2+", "nullableVersions": "2+", "default": "null",
              "taggedVersions": "2+", "tag": 0 }
          ]
        }
        """;

    private const string SampleResponse = """
        {
          "apiKey": 4242,
          "type": "response",
          "name": "SampleResponse",
          "validVersions": "0-3",
          "flexibleVersions": "2+",
          "fields": [ { "name": "ErrorCode", "type": "int16", "versions": "0+" } ]
        }
        """;

    [Fact]
    public void StripCommentsRemovesWholeLineAndTrailingCommentsButNotSlashesInStrings()
    {
        var stripped = SpecReader.StripComments("// a\n{ \"x\": \"a//b\" } // c\n");
        Assert.Equal("\n{ \"x\": \"a//b\" }\n\n", stripped);
    }

    [Theory]
    [InlineData("3+", 3, short.MaxValue)]
    [InlineData("0-5", 0, 5)]
    [InlineData("7", 7, 7)]
    public void VersionRangesParse(string text, short lowest, short highest) =>
        Assert.Equal(new VersionRange(lowest, highest), VersionRange.Parse(text));

    [Fact]
    public void NoneIsEmpty() => Assert.True(VersionRange.Parse("none").IsEmpty);

    [Fact]
    public void GeneratesDeterministicFilesWithHeaderCommitAndCommand()
    {
        var root = Path.Combine(Path.GetTempPath(), "granary-gen-" + Guid.NewGuid().ToString("N"));
        var specs = Path.Combine(root, "message");
        Directory.CreateDirectory(specs);
        try
        {
            File.WriteAllText(Path.Combine(root, "SOURCE.md"), "Commit: 0123456789abcdef, committed whenever\n");
            File.WriteAllText(Path.Combine(specs, "SampleRequest.json"), SampleRequest);
            File.WriteAllText(Path.Combine(specs, "SampleResponse.json"), SampleResponse);
            File.WriteAllText(Path.Combine(specs, "SampleData.json"), """{ "type": "data", "name": "SampleData", "validVersions": "0", "fields": [] }""");

            var first = MessageGenerator.Generate(specs);
            var second = MessageGenerator.Generate(specs);

            Assert.Equal(["ApiKey.cs", "ApiMessages.cs", "SampleRequest.cs", "SampleResponse.cs"], first.Files.Keys);
            Assert.Equal(first.Files, second.Files);
            Assert.Equal(["SampleData.json (type \"data\")"], first.Ignored);
            var request = first.Files["SampleRequest.cs"];
            Assert.Contains("Do not edit", request, StringComparison.Ordinal);
            Assert.Contains("Spec source commit: 0123456789abcdef\n", request, StringComparison.Ordinal);
            Assert.Contains(MessageGenerator.RegenerateCommand, request, StringComparison.Ordinal);
            Assert.Contains("public sealed class Item : IKafkaMessage", request, StringComparison.Ordinal);
            Assert.Contains("public string Url { get; set; } = \"http://x//y\";", request, StringComparison.Ordinal);
            Assert.Contains("public string? Note { get; set; }\n", request, StringComparison.Ordinal);
            Assert.Contains("public int Id { get; set; } = 2147483647;", request, StringComparison.Ordinal);
            Assert.Contains("case 0 when version >= 2:", request, StringComparison.Ordinal);
            Assert.Contains("Sample = 4242,", first.Files["ApiKey.cs"], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
