// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A group as ListGroups sees it: its coordinator, state, protocol and members.</summary>
public class GroupInfo(BrokerMetadata broker, string group, Error error, string state, string protocolType, string protocol, List<GroupMemberInfo> members)
{
    public BrokerMetadata Broker { get; } = broker;

    public string Group { get; } = group;

    public Error Error { get; } = error;

    public string State { get; } = state;

    public string ProtocolType { get; } = protocolType;

    public string Protocol { get; } = protocol;

    public List<GroupMemberInfo> Members { get; } = members;
}
