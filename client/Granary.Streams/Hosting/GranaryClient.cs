// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;

namespace Granary.Streams.Hosting;

/// <summary>
/// One connection configuration and the producer shared by everything that publishes through it (producers are
/// thread-safe and batch better when shared). Consumers are built per subscription.
/// </summary>
public sealed class GranaryClient : IDisposable
{
    private readonly Lazy<IProducer<byte[], byte[]>> _producer;

    public GranaryClient(GranaryClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }

        Options = options;
        _producer = new Lazy<IProducer<byte[], byte[]>>(() => new ProducerBuilder<byte[], byte[]>(Config()).Build(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public GranaryClientOptions Options { get; }

    /// <summary>The shared producer of raw records (idempotent, acks=all by the client's defaults).</summary>
    public IProducer<byte[], byte[]> Producer => _producer.Value;

    /// <summary>The client settings merged with <paramref name="overrides"/> (later wins).</summary>
    public Dictionary<string, string> Config(IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var config = new Dictionary<string, string>(Options.Config, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = Options.BootstrapServers,
            ["client.id"] = Options.ClientId,
        };
        foreach (var (key, value) in overrides ?? [])
        {
            config[key] = value;
        }

        return config;
    }

    /// <summary>A consumer builder for raw records with these settings and the overrides.</summary>
    public ConsumerBuilder<byte[], byte[]> CreateConsumerBuilder(IEnumerable<KeyValuePair<string, string>>? overrides = null) => new(Config(overrides));

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(10));
            _producer.Value.Dispose();
        }
    }
}
