// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Security;

/// <summary>The outcome of one SASL exchange step on the server.</summary>
public readonly record struct SaslStep(SaslStepStatus Status, byte[] Challenge, string? AuthenticatedUser)
{
    public static SaslStep Continue(byte[] challenge) => new(SaslStepStatus.Continue, challenge, null);

    public static SaslStep Complete(byte[] finalMessage, string user) => new(SaslStepStatus.Complete, finalMessage, user);

    public static SaslStep Fail => new(SaslStepStatus.Failed, [], null);
}
