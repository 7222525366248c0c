// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Configuration;

/// <summary>One known property: its canonical (librdkafka) name, type, range or choices, and default.</summary>
internal sealed record ConfigProperty(
    string Name,
    ConfigPropertyKind Kind,
    string? Default = null,
    double Min = 0,
    double Max = 0,
    IReadOnlyList<string>? Choices = null,
    bool ChoiceList = false);
