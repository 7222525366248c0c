// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace Granary.Runtime.Hosting;

/// <summary>Rejects out-of-range <see cref="GrainCollectionOptions"/>, naming the key and the allowed range.</summary>
internal sealed class GrainCollectionOptionsValidator : IValidateOptions<GrainCollectionOptions>
{
    private static readonly TimeSpan MinAge = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(365);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        List<string> failures = [];
        if (options.CollectionAge < MinAge || options.CollectionAge > MaxAge)
        {
            failures.Add($"GrainCollectionOptions.CollectionAge is {options.CollectionAge}; allowed range is {MinAge} to {MaxAge}.");
        }

        if (options.CollectionQuantum <= TimeSpan.Zero || options.CollectionQuantum > options.CollectionAge)
        {
            failures.Add($"GrainCollectionOptions.CollectionQuantum is {options.CollectionQuantum}; allowed range is above zero up to CollectionAge ({options.CollectionAge}).");
        }

        if (options.ActivationTimeout <= TimeSpan.Zero || options.ActivationTimeout > MaxTimeout)
        {
            failures.Add($"GrainCollectionOptions.ActivationTimeout is {options.ActivationTimeout}; allowed range is above zero up to {MaxTimeout}.");
        }

        if (options.DeactivationTimeout <= TimeSpan.Zero || options.DeactivationTimeout > MaxTimeout)
        {
            failures.Add($"GrainCollectionOptions.DeactivationTimeout is {options.DeactivationTimeout}; allowed range is above zero up to {MaxTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
