// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A log line from a client: the client's name, level, facility and text.</summary>
public class LogMessage(string name, SyslogLevel level, string facility, string message)
{
    public string Name { get; } = name;

    public SyslogLevel Level { get; } = level;

    public string Facility { get; } = facility;

    public string Message { get; } = message;
}
