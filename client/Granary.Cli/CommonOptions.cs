// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;

namespace Granary.Cli;

/// <summary>The options every command takes; they are recursive, so they may follow any subcommand.</summary>
public static class CommonOptions
{
    public const string DefaultBootstrapServer = "127.0.0.1:9092";

    public static Option<string> BootstrapServer { get; } = new("--bootstrap-server", "-b")
    {
        Description = "Comma-separated host:port list of brokers to bootstrap from.",
        DefaultValueFactory = _ => DefaultBootstrapServer,
        Recursive = true,
    };

    public static Option<FileInfo?> CommandConfig { get; } = new("--command-config")
    {
        Description = "A Java properties file of client settings (bootstrap.servers, client.id, socket.timeout.ms, ...).",
        Recursive = true,
    };
}
