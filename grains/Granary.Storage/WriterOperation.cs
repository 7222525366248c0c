// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage;

/// <summary>Work queued for a partition's single writer loop.</summary>
internal abstract class WriterOperation
{
    /// <summary>Record batches to append; <see cref="Batches"/> are (start, length) of each whole batch in <see cref="Records"/>.</summary>
    internal sealed class Append(Memory<byte> records, List<(int Start, int Length)> batches, int leaderEpoch, bool asFollower) : WriterOperation
    {
        public Memory<byte> Records { get; } = records;

        public List<(int Start, int Length)> Batches { get; } = batches;

        public int LeaderEpoch { get; } = leaderEpoch;

        public bool AsFollower { get; } = asFollower;

        public TaskCompletionSource<LogAppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Any other mutation (truncate, retention, checkpoint, close), run between append groups.</summary>
    internal sealed class Action(Func<object?> run) : WriterOperation
    {
        public Func<object?> Run { get; } = run;

        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
