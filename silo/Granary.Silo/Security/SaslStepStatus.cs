// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Security;

public enum SaslStepStatus
{
    /// <summary>Send the challenge and wait for the client's next token.</summary>
    Continue,

    /// <summary>Authenticated; send the final message (possibly empty).</summary>
    Complete,

    /// <summary>Authentication failed; the reason is deliberately not reported to the client.</summary>
    Failed,
}
