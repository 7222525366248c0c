// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Configuration;
using Xunit;

namespace Granary.Silo.Tests.Configuration;

public class SiloDocumentationTests
{
    [Fact]
    public void Docs_list_every_broker_key_with_its_default_and_allowed_values()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var lines = File.ReadAllLines(Path.Combine(directory.FullName, "docs", "silo.md"));
        foreach (var key in BrokerConfigCatalog.Keys)
        {
            var row = Assert.Single(lines, l => l.StartsWith($"| `{key.Name}` |", StringComparison.Ordinal));
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            Assert.Equal(key.Type, cells[2]);
            Assert.Equal(key.DefaultValue, cells[3]);
            if (key.Type is "int" or "long" or "short")
            {
                Assert.Equal(key.ValidValues, cells[4]);
            }
        }
    }
}
