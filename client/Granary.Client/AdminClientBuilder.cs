// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Administration;
using Granary.Client.Configuration;
using Granary.Client.Network;

namespace Granary.Client;

/// <summary>Builds an <see cref="IAdminClient"/> (Confluent.Kafka's AdminClientBuilder shape).</summary>
public class AdminClientBuilder
{
    private static int s_instances;
    private TimeProvider _time = TimeProvider.System;

    public AdminClientBuilder(IEnumerable<KeyValuePair<string, string>> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
    }

    internal IEnumerable<KeyValuePair<string, string>> Config { get; }

    internal Action<IAdminClient, Error>? ErrorHandler { get; private set; }

    internal Action<IAdminClient, LogMessage>? LogHandler { get; private set; }

    internal Action<IAdminClient, string>? StatisticsHandler { get; private set; }

    /// <summary>Called for errors that do not belong to one call, such as a broker connection failing.</summary>
    public AdminClientBuilder SetErrorHandler(Action<IAdminClient, Error> errorHandler)
    {
        EnsureUnset(ErrorHandler, "Error handler");
        ErrorHandler = errorHandler;
        return this;
    }

    public AdminClientBuilder SetLogHandler(Action<IAdminClient, LogMessage> logHandler)
    {
        EnsureUnset(LogHandler, "Log handler");
        LogHandler = logHandler;
        return this;
    }

    /// <summary>Accepted for source compatibility; the admin client emits no statistics, so the handler is never called.</summary>
    public AdminClientBuilder SetStatisticsHandler(Action<IAdminClient, string> statisticsHandler)
    {
        EnsureUnset(StatisticsHandler, "Statistics handler");
        StatisticsHandler = statisticsHandler;
        return this;
    }

    /// <summary>Validates the configuration (unknown names and bad values throw ArgumentException) and creates the client.</summary>
    public virtual IAdminClient Build()
    {
        var resolved = ConfigValidator.Validate(Config);
        var options = ClusterOptions.From(resolved);
        var name = $"{resolved.GetString("client.id")}#admin-{Interlocked.Increment(ref s_instances)}";
        return new AdminClient(this, new KafkaCluster(options, _time), AdminSettings.From(resolved), name, _time);
    }

    internal AdminClientBuilder SetTimeProvider(TimeProvider time)
    {
        _time = time;
        return this;
    }

    private static void EnsureUnset(object? existing, string what)
    {
        if (existing is not null)
        {
            throw new InvalidOperationException($"{what} may not be specified more than once.");
        }
    }
}
