// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Granary.Client.Diagnostics;

/// <summary>
/// The ActivitySource and Meter named "Granary" that the client and Granary.Streams report to. Register them with
/// OpenTelemetry as <c>.AddSource("Granary")</c> and <c>.AddMeter("Granary")</c>.
/// </summary>
public static class GranaryDiagnostics
{
    public const string Name = "Granary";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(GranaryDiagnostics).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(GranaryDiagnostics).Assembly.GetName().Version?.ToString());
}
