// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cli;

/// <summary>The CLI's exit codes: scripts branch on them, so they never change meaning.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation was attempted and failed: a record not delivered, an unknown topic, an unreachable broker.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong: a parse error, a bad property, a flag combination that makes no sense.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
