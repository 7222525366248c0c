// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace Granary.Cluster.Sqlite;

/// <summary>Validates <see cref="SqliteClusterTableOptions"/> when options are first resolved (and on start).</summary>
internal sealed class SqliteClusterTableOptionsValidator : IValidateOptions<SqliteClusterTableOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteClusterTableOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
