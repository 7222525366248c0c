// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace Granary.Runtime.Hosting;

/// <summary>Rejects out-of-range <see cref="GrainRuntimeOptions"/>, naming the key and the allowed range.</summary>
internal sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options) =>
        options.ShutdownTimeout <= TimeSpan.Zero || options.ShutdownTimeout > MaxTimeout
            ? ValidateOptionsResult.Fail($"GrainRuntimeOptions.ShutdownTimeout is {options.ShutdownTimeout}; allowed range is above zero up to {MaxTimeout}.")
            : ValidateOptionsResult.Success;
}
