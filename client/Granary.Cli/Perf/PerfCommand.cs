// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;

namespace Granary.Cli.Perf;

/// <summary><c>granary perf</c>: measurements printed in Kafka's own perf-test formats.</summary>
public static class PerfCommand
{
    public static Command Create(CliContext context) => new("perf", "Measure throughput and latency in Kafka's perf-test formats.")
    {
        PerfProduceCommand.Create(context),
        PerfConsumeCommand.Create(context),
        PerfE2eCommand.Create(context),
    };
}
