// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Silo.Security;

/// <summary>
/// The SASL state of one connection on a SASL listener. Until <see cref="IsAuthenticated"/>, only ApiVersions,
/// SaslHandshake and SaslAuthenticate are served (the dispatcher closes the connection on anything else), and after
/// a SaslHandshake v0 the next frame is a raw SASL token rather than a Kafka request, as Kafka's brokers accept.
/// </summary>
/// <remarks>Called from the connection's read loop only, one frame at a time, so no locking is needed.</remarks>
public sealed class ConnectionSecurity
{
    /// <summary>Kafka's cap on a frame before authentication (SaslServerAuthenticator's MAX_RECEIVE_SIZE).</summary>
    public const int MaxUnauthenticatedFrameBytes = 524288;

    private readonly SaslSettings _settings;
    private ISaslServer? _server;
    private bool _handshakeDone;

    public ConnectionSecurity(KafkaListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        Listener = listener;
        _settings = listener.Sasl ?? throw new ArgumentException($"Listener {listener.Name} has no SASL settings.", nameof(listener));
    }

    public KafkaListener Listener { get; }

    public bool IsAuthenticated { get; private set; }

    /// <summary>True once authentication failed or the exchange broke; every later frame closes the connection.</summary>
    public bool IsFailed { get; private set; }

    /// <summary>True after SaslHandshake v0: the next frame is a raw token, answered with a raw token.</summary>
    public bool ExpectsRawToken { get; private set; }

    /// <summary>The authenticated user name (Kafka's principal <c>User:name</c>).</summary>
    public string? User { get; private set; }

    public string? Mechanism => _server?.Mechanism;

    public IReadOnlyList<string> EnabledMechanisms => _settings.EnabledMechanisms;

    /// <summary>APIs served before authentication completes.</summary>
    public static bool IsAllowedBeforeAuthentication(short apiKey) =>
        apiKey is (short)ApiKey.ApiVersions or (short)ApiKey.SaslHandshake or (short)ApiKey.SaslAuthenticate;

    /// <summary>Selects the mechanism; None, UNSUPPORTED_SASL_MECHANISM or ILLEGAL_SASL_STATE.</summary>
    public KafkaErrorCode Handshake(string? mechanism, short version)
    {
        if (_handshakeDone || IsAuthenticated || IsFailed)
        {
            IsFailed = true;
            return KafkaErrorCode.IllegalSaslState;
        }

        _handshakeDone = true;
        if (mechanism is null || !_settings.IsEnabled(mechanism))
        {
            IsFailed = true;
            return KafkaErrorCode.UnsupportedSaslMechanism;
        }

        _server = mechanism == "PLAIN"
            ? new PlainSaslServer(_settings.PlainUsers)
            : new ScramSaslServer(ScramMechanism.Find(mechanism)!, _settings.Scram);
        ExpectsRawToken = version == 0;
        return KafkaErrorCode.None;
    }

    /// <summary>Runs one step of the exchange (from SaslAuthenticate or a raw v0 token).</summary>
    public SaslStep Authenticate(ReadOnlySpan<byte> token)
    {
        if (_server is null || IsAuthenticated || IsFailed)
        {
            IsFailed = true;
            return SaslStep.Fail;
        }

        var step = _server.Evaluate(token);
        switch (step.Status)
        {
            case SaslStepStatus.Complete:
                IsAuthenticated = true;
                ExpectsRawToken = false;
                User = step.AuthenticatedUser;
                break;
            case SaslStepStatus.Failed:
                IsFailed = true;
                ExpectsRawToken = false;
                break;
        }

        return step;
    }
}
