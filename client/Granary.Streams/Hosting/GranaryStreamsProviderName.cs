// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Hosting;

/// <summary>Marks a registered provider name so the hosted service can find every provider.</summary>
internal sealed record GranaryStreamsProviderName(string Name);
