// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster.Membership;

/// <summary>Membership settings of the local silo, with Kafka KRaft's key names and defaults where Kafka has the setting.</summary>
public sealed class ClusterMembershipOptions
{
    /// <summary>The silo's id (Kafka node.id / broker.id). Required, 0..int.MaxValue.</summary>
    public int SiloId { get; set; } = -1;

    /// <summary>The host other silos and clients reach this silo at (advertised listener host).</summary>
    /// <value>Default "localhost".</value>
    public string Host { get; set; } = "localhost";

    /// <summary>The advertised Kafka listener port.</summary>
    /// <value>Default 9092; allowed 1..65535.</value>
    public int Port { get; set; } = 9092;

    /// <summary>The silo's rack (broker.rack), used for rack-aware replica placement. Null = no rack.</summary>
    public string? Rack { get; set; }

    /// <summary>How often the silo writes its heartbeat and renews the controller lease (broker.heartbeat.interval.ms).</summary>
    /// <value>Default 2000 ms; allowed 10 ms..60 s, and less than <see cref="SessionTimeout"/>.</value>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(2000);

    /// <summary>
    /// How long a silo may miss heartbeats before the controller declares it dead (broker.session.timeout.ms). Also the
    /// controller lease duration, so a controller that stops renewing is replaced within one session timeout.
    /// </summary>
    /// <value>Default 9000 ms; allowed 100 ms..10 min, and more than <see cref="HeartbeatInterval"/>.</value>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMilliseconds(9000);

    /// <summary>Returns one message per invalid setting, naming the key and the allowed range; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SiloId < 0)
        {
            errors.Add($"{nameof(SiloId)} (node.id) is required and must be between 0 and {int.MaxValue} (got {SiloId}).");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            errors.Add($"{nameof(Host)} is required: the host other silos and clients connect to.");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"{nameof(Port)} must be between 1 and 65535 (got {Port}).");
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(10) || HeartbeatInterval > TimeSpan.FromSeconds(60))
        {
            errors.Add($"{nameof(HeartbeatInterval)} (broker.heartbeat.interval.ms) must be between 10 ms and 60000 ms (got {HeartbeatInterval.TotalMilliseconds} ms).");
        }

        if (SessionTimeout < TimeSpan.FromMilliseconds(100) || SessionTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{nameof(SessionTimeout)} (broker.session.timeout.ms) must be between 100 ms and 600000 ms (got {SessionTimeout.TotalMilliseconds} ms).");
        }
        else if (SessionTimeout <= HeartbeatInterval)
        {
            errors.Add($"{nameof(SessionTimeout)} (broker.session.timeout.ms) must be greater than {nameof(HeartbeatInterval)} (broker.heartbeat.interval.ms) (got {SessionTimeout.TotalMilliseconds} ms <= {HeartbeatInterval.TotalMilliseconds} ms).");
        }

        return errors;
    }
}
