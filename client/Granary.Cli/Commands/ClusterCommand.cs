// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;
using System.Globalization;
using Granary.Cli.Formatting;
using Granary.Client.Admin;

namespace Granary.Cli.Commands;

/// <summary><c>granary cluster describe</c>: the cluster id, the controller and every silo (broker).</summary>
public static class ClusterCommand
{
    public static Command Create(CliContext context)
    {
        var describe = new Command("describe", "Show the cluster id, the controller and the silos.");
        describe.SetAction(async (parse, cancellationToken) =>
        {
            using var admin = await TopicsCommand.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            var cluster = await admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = AdminOperations.RequestTimeout }).ConfigureAwait(false);
            var output = context.Console.Out;
            await output.WriteLineAsync($"Cluster ID: {cluster.ClusterId ?? "-"}").ConfigureAwait(false);
            await output.WriteLineAsync($"Controller: {(cluster.Controller is { } c ? $"{c.Id.ToString(CultureInfo.InvariantCulture)} ({c.Host}:{c.Port.ToString(CultureInfo.InvariantCulture)})" : "none")}").ConfigureAwait(false);
            var rows = cluster.Nodes.OrderBy(n => n.Id).Select(n => (IReadOnlyList<string?>)
            [
                n.Id.ToString(CultureInfo.InvariantCulture), n.Host, n.Port.ToString(CultureInfo.InvariantCulture), n.Rack,
                n.Id == cluster.Controller?.Id ? "yes" : "no",
            ]);
            TableWriter.Write(output, ["ID", "HOST", "PORT", "RACK", "CONTROLLER"], rows);
            return ExitCodes.Success;
        });
        return new Command("cluster", "Describe the cluster.") { describe };
    }
}
