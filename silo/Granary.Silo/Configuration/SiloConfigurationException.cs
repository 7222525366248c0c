// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Configuration;

/// <summary>Invalid settings: startup stops and prints <see cref="Exception.Message"/>, one line per problem.</summary>
public sealed class SiloConfigurationException : Exception
{
    public SiloConfigurationException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    /// <summary>Each problem, naming the key and the allowed values.</summary>
    public IReadOnlyList<string> Errors { get; }
}
