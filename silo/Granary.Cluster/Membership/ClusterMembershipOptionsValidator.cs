// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace Granary.Cluster.Membership;

/// <summary>Validates <see cref="ClusterMembershipOptions"/> when options are first resolved (and on start).</summary>
internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
