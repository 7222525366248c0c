// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace Granary.Streams.Hosting;

/// <summary>Reports every bad value of a stream provider's options, naming the key and the allowed range.</summary>
internal sealed class GranaryStreamsOptionsValidator : IValidateOptions<GranaryStreamsOptions>
{
    public ValidateOptionsResult Validate(string? name, GranaryStreamsOptions options)
    {
        var problems = options.Validate(name ?? string.Empty).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
