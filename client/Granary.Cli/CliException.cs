// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cli;

/// <summary>A failure the CLI reports as one line on stderr with a specific exit code (see <see cref="ExitCodes"/>).</summary>
public sealed class CliException : Exception
{
    public CliException()
        : this(ExitCodes.Failed, "The operation failed.")
    {
    }

    public CliException(string message)
        : this(ExitCodes.Failed, message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.Failed;
    }

    public CliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException Failed(string message) => new(ExitCodes.Failed, message);
}
