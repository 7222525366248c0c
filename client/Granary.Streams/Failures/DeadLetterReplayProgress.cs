// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Failures;

/// <summary>How far a replay is: records handled so far out of the records planned when it started.</summary>
public readonly record struct DeadLetterReplayProgress(long Done, long Total);
