// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;

namespace Granary.Cli;

/// <summary>Creates clients; a configuration the client rejects (unknown name, bad value) becomes a usage error.</summary>
public static class ClientFactory
{
    public static IProducer<byte[]?, byte[]?> CreateProducer(IReadOnlyDictionary<string, string> config) =>
        Build("producer", () => new ProducerBuilder<byte[]?, byte[]?>(config).Build());

    public static IConsumer<byte[]?, byte[]?> CreateConsumer(
        IReadOnlyDictionary<string, string> config, Func<IConsumer<byte[]?, byte[]?>, List<TopicPartition>, IEnumerable<TopicPartitionOffset>>? assigned = null) =>
        Build("consumer", () =>
        {
            var builder = new ConsumerBuilder<byte[]?, byte[]?>(config);
            if (assigned is not null)
            {
                builder.SetPartitionsAssignedHandler(assigned);
            }

            return builder.Build();
        });

    public static IAdminClient CreateAdmin(IReadOnlyDictionary<string, string> config) =>
        Build("admin client", () => new AdminClientBuilder(config).Build());

    /// <summary>The validator's message without .NET's " (Parameter 'config')" suffix, which means nothing to a CLI user.</summary>
    public static string Describe(ArgumentException ex) =>
        ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);

    private static T Build<T>(string what, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage($"bad {what} configuration: {Describe(ex)}");
        }
    }
}
