// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage;

/// <summary>Any mutation other than an append (truncate, retention, checkpoint, close), run between append groups.</summary>
internal sealed class WriterOperation(Func<object?> run)
{
    public Func<object?> Run { get; } = run;

    public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
