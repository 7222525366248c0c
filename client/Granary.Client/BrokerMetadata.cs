// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A broker in a metadata response.</summary>
public class BrokerMetadata(int brokerId, string host, int port)
{
    public int BrokerId { get; } = brokerId;

    public string Host { get; } = host;

    public int Port { get; } = port;

    public override string ToString() => $"{{ \"BrokerId\": {BrokerId}, \"Host\": \"{Host}\", \"Port\": {Port} }}";
}
