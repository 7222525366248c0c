// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Generator;

namespace Granary.Protocol.Tests.Generator;

/// <summary>Finds the repository and, through GRANARY_KAFKA_SPECS, Kafka's JSON specs (relative paths are taken from the repository root).</summary>
public static class SpecDirectory
{
    public const string Variable = "GRANARY_KAFKA_SPECS";

    public static string RepositoryRoot =>
        MessageGenerator.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Cannot find Orleans.sln above the test binaries.");

    public static string GeneratedDirectory => Path.Combine(RepositoryRoot, "client", "Granary.Protocol", "Generated");

    /// <summary>The specs directory, or null when the variable is unset.</summary>
    public static string? Find()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var path = Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(RepositoryRoot, value));
        return Directory.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"{Variable}={value} resolves to {path}, which does not exist.");
    }
}
