// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Generator;
using Xunit;
using Xunit.Abstractions;

namespace Granary.Protocol.Tests.Generator;

public sealed class DriftTests
{
    private readonly ITestOutputHelper _output;

    public DriftTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// The committed Generated/ files must be exactly what the generator writes today. This is the only test that may
    /// be not applicable: without GRANARY_KAFKA_SPECS there is nothing to generate from.
    /// </summary>
    [Fact]
    public void CommittedGeneratedFilesMatchTheGenerator()
    {
        var specs = SpecDirectory.Find();
        if (specs is null)
        {
            _output.WriteLine($"NOT APPLICABLE: set {SpecDirectory.Variable} to Kafka's message spec directory to run the drift check.");
            return;
        }

        var temp = Path.Combine(Path.GetTempPath(), "granary-drift-" + Guid.NewGuid().ToString("N"));
        try
        {
            MessageGenerator.WriteAll(MessageGenerator.Generate(specs), temp);
            var expected = Directory.GetFiles(temp, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var committed = Directory.GetFiles(SpecDirectory.GeneratedDirectory, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, committed);
            var differing = expected
                .Where(name => !File.ReadAllBytes(Path.Combine(temp, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(SpecDirectory.GeneratedDirectory, name!))))
                .ToList();
            Assert.True(differing.Count == 0, $"Generated files drifted; run `{MessageGenerator.RegenerateCommand}`: {string.Join(", ", differing)}");
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
