// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Admin client configuration (the client properties only).</summary>
public class AdminClientConfig : ClientConfig
{
    public AdminClientConfig()
    {
    }

    public AdminClientConfig(ClientConfig config)
        : base(config)
    {
    }

    public AdminClientConfig(IDictionary<string, string> config)
        : base(config)
    {
    }
}
