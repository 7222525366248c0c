// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cli.Tests.Infrastructure;

/// <summary>A temporary file path, deleted on dispose.</summary>
public sealed class TempFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "granary-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(Path);
}
