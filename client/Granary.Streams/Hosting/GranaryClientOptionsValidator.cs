// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace Granary.Streams.Hosting;

/// <summary>Reports every bad value of a client's options, naming the key and the allowed range.</summary>
internal sealed class GranaryClientOptionsValidator : IValidateOptions<GranaryClientOptions>
{
    public ValidateOptionsResult Validate(string? name, GranaryClientOptions options)
    {
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
