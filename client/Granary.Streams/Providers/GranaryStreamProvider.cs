// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Granary.Streams.Delivery;
using Granary.Streams.Hosting;
using Granary.Streams.Serialization;
using Granary.Streams.Subscriptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Streams.Providers;

/// <summary>
/// The stream provider over a Granary (Kafka) cluster: publishing goes through the client's shared producer,
/// subscriptions are consumer groups. Dispose it (or stop the host) to stop every subscription it started.
/// </summary>
public sealed class GranaryStreamProvider : IStreamProvider, IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, SubscriptionRunner> _runners = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggers;

    public GranaryStreamProvider(string name, GranaryClient client, GranaryStreamsOptions options, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate(name).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }

        Name = name;
        Client = client;
        Options = options;
        Serializer = options.Serializer ?? new JsonStreamSerializer();
        Time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
    }

    public string Name { get; }

    public bool IsRewindable => true;

    public GranaryClient Client { get; }

    public GranaryStreamsOptions Options { get; }

    public IStreamSerializer Serializer { get; }

    internal TimeProvider Time { get; }

    /// <summary>The running subscriptions (explicit and implicit) of this provider, by consumer group.</summary>
    public IReadOnlyCollection<string> ActiveGroups => [.. _runners.Keys];

    /// <summary>Subscriptions restarting after a failure (the health check reports them).</summary>
    public IReadOnlyList<string> FailingGroups => [.. _runners.Values.Where(r => r.LastError is not null).Select(r => r.Spec.GroupId)];

    public IAsyncStream<T> GetStream<T>(StreamId streamId) => new GranaryAsyncStream<T>(this, streamId);

    /// <summary>The consumer group of a subscription: GroupPrefix + provider + "." + namespace + "." + subscription name.</summary>
    public string GroupFor(string streamNamespace, string subscription) => $"{Options.GroupPrefix}{Name}.{streamNamespace}.{subscription}";

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_runners.Values.Select(r => r.DisposeAsync().AsTask())).ConfigureAwait(false);
        _runners.Clear();
    }

    /// <summary>For containers disposed synchronously; prefer DisposeAsync.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Starts a subscription; a second start of the same group in this process replaces the first.</summary>
    internal async Task<SubscriptionRunner> StartAsync(SubscriptionSpec spec, Func<StreamRecord, int, CancellationToken, Task> handler, Func<Exception, Task>? onError)
    {
        await StopAsync(spec.GroupId).ConfigureAwait(false);
        var runner = new SubscriptionRunner(spec, Client, Options, handler, onError, Time, _loggers.CreateLogger("Granary.Streams.Subscription"));
        if (!_runners.TryAdd(spec.GroupId, runner))
        {
            await runner.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"Subscription {spec.GroupId} was started twice at once.");
        }

        runner.Start();
        return runner;
    }

    internal async Task StopAsync(string group)
    {
        if (_runners.TryRemove(group, out var runner))
        {
            await runner.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal IEnumerable<SubscriptionRunner> RunnersOf(StreamId streamId) =>
        _runners.Values.Where(r => r.Spec.Topic == streamId.Namespace && r.Spec.Key is { } key && key.AsSpan().SequenceEqual(streamId.GetKeyBytes()));
}
