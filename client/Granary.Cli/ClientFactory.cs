// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;

namespace Granary.Cli;

/// <summary>Creates clients; a configuration the client rejects (unknown name, bad value) becomes a usage error.</summary>
public static class ClientFactory
{
    public static IProducer<byte[]?, byte[]?> CreateProducer(IReadOnlyDictionary<string, string> config)
    {
        try
        {
            return new ProducerBuilder<byte[]?, byte[]?>(config).Build();
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage($"bad producer configuration: {Describe(ex)}");
        }
    }

    /// <summary>The validator's message without .NET's " (Parameter 'config')" suffix, which means nothing to a CLI user.</summary>
    public static string Describe(ArgumentException ex) =>
        ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
}
