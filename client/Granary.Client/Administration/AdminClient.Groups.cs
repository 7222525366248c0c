// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Granary.Client.Network;
using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Administration;

/// <summary>Group listing and description: each group's requests go to its coordinator (FindCoordinator), and listing asks every broker.</summary>
internal sealed partial class AdminClient
{
    private const short FindCoordinatorMax = 4;
    private const short ListGroupsMax = 4;
    private const short DescribeGroupsMax = 5;
    private const short DeleteGroupsMax = 2;
    private const string ConsumerProtocolType = "consumer";

    public List<GroupInfo> ListGroups(TimeSpan timeout) => RunAsync("ListGroups", timeout, async op =>
    {
        var result = new List<GroupInfo>();
        await EnsureBrokersKnownAsync(refresh: true, op).ConfigureAwait(false);
        foreach (var broker in _cluster.LastMetadata!.Brokers)
        {
            var connection = await _cluster.GetConnectionAsync(broker.BrokerId, op.Token).ConfigureAwait(false);
            var (listed, error) = await ListGroupsOnAsync(connection, null, op).ConfigureAwait(false);
            if (error.IsError)
            {
                throw new KafkaException(error);
            }

            if (listed.Count > 0)
            {
                var described = await DescribeGroupsOnAsync(connection, [.. listed.Select(g => g.GroupId)], false, op).ConfigureAwait(false);
                result.AddRange(described.Select(g => ToGroupInfo(broker, g)));
            }
        }

        return result;
    }).GetAwaiter().GetResult();

    public GroupInfo? ListGroup(string group, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        return RunAsync("ListGroup", timeout, async op =>
        {
            var (described, error, coordinator) = await CoordinatorRoundsAsync(
                group,
                async connection =>
                {
                    var groups = await DescribeGroupsOnAsync(connection, [group], false, op).ConfigureAwait(false);
                    var g = groups.FirstOrDefault(d => d.GroupId == group);
                    return (g, g is null ? ErrorCode.NoError : (ErrorCode)g.ErrorCode);
                },
                op).ConfigureAwait(false);
            if (error.IsError)
            {
                throw new KafkaException(error);
            }

            if (described is null || (ErrorCode)described.ErrorCode == ErrorCode.GroupIdNotFound)
            {
                return null;
            }

            var broker = new BrokerMetadata(coordinator!.Id, coordinator.Host, coordinator.Port);
            return ToGroupInfo(broker, described);
        }).GetAwaiter().GetResult();
    }

    public Task<ListConsumerGroupsResult> ListConsumerGroupsAsync(ListConsumerGroupsOptions? options = null) =>
        RunAsync("ListConsumerGroups", options?.RequestTimeout, async op =>
        {
            var states = options?.MatchStates?.ToHashSet() ?? [];
            var types = options?.MatchTypes?.ToHashSet() ?? [];
            var valid = new List<ConsumerGroupListing>();
            var errors = new List<Error>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await EnsureBrokersKnownAsync(refresh: true, op).ConfigureAwait(false);
            foreach (var broker in _cluster.LastMetadata!.Brokers)
            {
                try
                {
                    var connection = await _cluster.GetConnectionAsync(broker.BrokerId, op.Token).ConfigureAwait(false);
                    var (listed, error) = await ListGroupsOnAsync(connection, states, op).ConfigureAwait(false);
                    if (error.IsError)
                    {
                        errors.Add(error);
                        continue;
                    }

                    foreach (var group in listed)
                    {
                        var listing = new ConsumerGroupListing
                        {
                            GroupId = group.GroupId,
                            State = ParseState(group.GroupState),
                            Type = ParseType(group.GroupType),
                            IsSimpleConsumerGroup = string.IsNullOrEmpty(group.ProtocolType),
                        };

                        // Filtered here as well: a broker below ListGroups v4 ignores the state filter.
                        if ((states.Count == 0 || states.Contains(listing.State)) && (types.Count == 0 || types.Contains(listing.Type)) && seen.Add(listing.GroupId))
                        {
                            valid.Add(listing);
                        }
                    }
                }
                catch (KafkaException ex) when (ex.Error.IsLocalError && ex.Error.Code != ErrorCode.Local_TimedOut)
                {
                    errors.Add(new Error(ex.Error.Code, $"Broker {broker.BrokerId}: {ex.Error.Reason}"));
                }
            }

            return errors.Count > 0
                ? throw new ListConsumerGroupsException(new ListConsumerGroupsReport { Valid = valid, Errors = errors })
                : new ListConsumerGroupsResult { Valid = valid };
        });

    public Task<DescribeConsumerGroupsResult> DescribeConsumerGroupsAsync(IEnumerable<string> groups, DescribeConsumerGroupsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var names = groups.ToList();
        foreach (var name in names)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(groups));
        }

        EnsureDistinct(names, "group");
        return RunAsync("DescribeConsumerGroups", options?.RequestTimeout, async op =>
        {
            var descriptions = new List<ConsumerGroupDescription>();
            foreach (var name in names)
            {
                var (described, error, coordinator) = await CoordinatorRoundsAsync(
                    name,
                    async connection =>
                    {
                        var found = await DescribeGroupsOnAsync(connection, [name], options?.IncludeAuthorizedOperations ?? false, op).ConfigureAwait(false);
                        var g = found.FirstOrDefault(d => d.GroupId == name);
                        return (g, g is null ? ErrorCode.NoError : (ErrorCode)g.ErrorCode);
                    },
                    op).ConfigureAwait(false);
                descriptions.Add(ToDescription(name, described, error, coordinator, options?.IncludeAuthorizedOperations ?? false));
            }

            return descriptions.Any(d => d.Error.IsError)
                ? throw new DescribeConsumerGroupsException(new DescribeConsumerGroupsReport { ConsumerGroupDescriptions = descriptions })
                : new DescribeConsumerGroupsResult { ConsumerGroupDescriptions = descriptions };
        });
    }

    public Task DeleteGroupsAsync(IList<string> groups, DeleteGroupsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var names = groups.ToList();
        foreach (var name in names)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(groups));
        }

        EnsureDistinct(names, "group");
        return RunAsync("DeleteGroups", options?.RequestTimeout, async op =>
        {
            var reports = new List<DeleteGroupReport>();
            foreach (var name in names)
            {
                var (code, error, _) = await CoordinatorRoundsAsync(
                    name,
                    async connection =>
                    {
                        var version = connection.Versions.Pick(ApiKey.DeleteGroups, DeleteGroupsMax);
                        var response = await SendAsync<DeleteGroupsResponse>(connection, new DeleteGroupsRequest { GroupsNames = [name] }, version, op).ConfigureAwait(false);
                        var result = response.Results.FirstOrDefault(r => r.GroupId == name);
                        var answer = result is null ? ErrorCode.Local_Fail : (ErrorCode)result.ErrorCode;
                        return (answer, answer);
                    },
                    op).ConfigureAwait(false);
                reports.Add(new DeleteGroupReport { Group = name, Error = error.IsError ? error : new Error(code) });
            }

            return reports.Any(r => r.Error.IsError) ? throw new DeleteGroupsException(reports) : true;
        });
    }

    private static bool IsCoordinatorRetriable(ErrorCode code) =>
        code is ErrorCode.GroupLoadInProgress or ErrorCode.GroupCoordinatorNotAvailable or ErrorCode.NotCoordinatorForGroup;

    /// <summary>The coordinator of <paramref name="group"/> (cached until a request says it moved), or the FindCoordinator error.</summary>
    private async Task<(Node? Node, Error Error)> CoordinatorAsync(string group, bool refresh, AdminOperation op)
    {
        lock (_gate)
        {
            if (!refresh && _coordinators.TryGetValue(group, out var known))
            {
                return (known, new Error(ErrorCode.NoError));
            }
        }

        var connection = await _cluster.GetAnyConnectionAsync(op.Token).ConfigureAwait(false);
        var version = connection.Versions.Pick(ApiKey.FindCoordinator, FindCoordinatorMax);
        var request = version >= 4
            ? new FindCoordinatorRequest { KeyType = 0, CoordinatorKeys = [group] }
            : new FindCoordinatorRequest { KeyType = 0, Key = group };
        var response = await SendAsync<FindCoordinatorResponse>(connection, request, version, op).ConfigureAwait(false);
        short code;
        string? message;
        Node node;
        if (version >= 4)
        {
            var c = response.Coordinators.FirstOrDefault(x => x.Key == group);
            if (c is null)
            {
                return (null, Unanswered(group));
            }

            (code, message, node) = (c.ErrorCode, c.ErrorMessage, new Node { Id = c.NodeId, Host = c.Host, Port = c.Port });
        }
        else
        {
            (code, message, node) = (response.ErrorCode, response.ErrorMessage, new Node { Id = response.NodeId, Host = response.Host, Port = response.Port });
        }

        if (code != 0)
        {
            return (null, ToError(code, message));
        }

        await EnsureBrokersKnownAsync(refresh: _cluster.LastMetadata?.Brokers.All(b => b.BrokerId != node.Id) ?? true, op).ConfigureAwait(false);
        lock (_gate)
        {
            _coordinators[group] = node;
        }

        return (node, new Error(ErrorCode.NoError));
    }

    /// <summary>
    /// Runs <paramref name="send"/> against the group's coordinator, finding it again after NOT_COORDINATOR,
    /// COORDINATOR_NOT_AVAILABLE or COORDINATOR_LOAD_IN_PROGRESS, until another answer or the deadline.
    /// </summary>
    private async Task<(T? Result, Error Error, Node? Coordinator)> CoordinatorRoundsAsync<T>(
        string group, Func<KafkaConnection, Task<(T Result, ErrorCode GroupError)>> send, AdminOperation op)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (node, error) = await CoordinatorAsync(group, refresh: attempt > 0, op).ConfigureAwait(false);
            if (node is null)
            {
                if (!IsCoordinatorRetriable(error.Code))
                {
                    return (default, error, null);
                }
            }
            else
            {
                var connection = await _cluster.GetConnectionAsync(node.Id, op.Token).ConfigureAwait(false);
                var (result, code) = await send(connection).ConfigureAwait(false);
                if (!IsCoordinatorRetriable(code))
                {
                    return (result, new Error(ErrorCode.NoError), node);
                }

                error = new Error(code);
            }

            lock (_gate)
            {
                _coordinators.Remove(group);
            }

            Log(SyslogLevel.Debug, $"{op.Name}: group {group}: {error.Reason}; finding the coordinator again.");
            await BackoffAsync(attempt, op).ConfigureAwait(false);
        }
    }

    private static async Task<(List<ListGroupsResponse.ListedGroup> Groups, Error Error)> ListGroupsOnAsync(
        KafkaConnection connection, HashSet<ConsumerGroupState>? states, AdminOperation op)
    {
        var version = connection.Versions.Pick(ApiKey.ListGroups, ListGroupsMax);
        var request = new ListGroupsRequest { StatesFilter = states is null || version < 4 ? [] : [.. states.Select(s => s.ToString())] };
        var response = await SendAsync<ListGroupsResponse>(connection, request, version, op).ConfigureAwait(false);
        return (response.Groups, ToError(response.ErrorCode));
    }

    private static async Task<List<DescribeGroupsResponse.DescribedGroup>> DescribeGroupsOnAsync(
        KafkaConnection connection, List<string> groups, bool includeAuthorizedOperations, AdminOperation op)
    {
        var version = connection.Versions.Pick(ApiKey.DescribeGroups, DescribeGroupsMax);
        var request = new DescribeGroupsRequest { Groups = groups, IncludeAuthorizedOperations = version >= 3 && includeAuthorizedOperations };
        var response = await SendAsync<DescribeGroupsResponse>(connection, request, version, op).ConfigureAwait(false);
        return response.Groups;
    }

    private static GroupInfo ToGroupInfo(BrokerMetadata broker, DescribeGroupsResponse.DescribedGroup group) => new(
        broker,
        group.GroupId,
        ToError(group.ErrorCode),
        group.GroupState,
        group.ProtocolType,
        group.ProtocolData,
        [.. group.Members.Select(m => new GroupMemberInfo(m.MemberId, m.ClientId, m.ClientHost, m.MemberMetadata.ToArray(), m.MemberAssignment.ToArray()))]);

    private static ConsumerGroupDescription ToDescription(
        string name, DescribeGroupsResponse.DescribedGroup? group, Error error, Node? coordinator, bool includeAuthorizedOperations)
    {
        if (group is null)
        {
            return new ConsumerGroupDescription { GroupId = name, Error = error.IsError ? error : Unanswered(name), Coordinator = coordinator };
        }

        var consumer = group.ProtocolType == ConsumerProtocolType;
        return new ConsumerGroupDescription
        {
            GroupId = name,
            Error = ToError(group.ErrorCode),
            IsSimpleConsumerGroup = string.IsNullOrEmpty(group.ProtocolType),
            PartitionAssignor = group.ProtocolData,
            State = ParseState(group.GroupState),
            Type = ConsumerGroupType.Classic,
            Coordinator = coordinator,
            AuthorizedOperations = includeAuthorizedOperations ? ToAclOperations(group.AuthorizedOperations) : null,
            Members = [.. group.Members.Select(m => new MemberDescription
            {
                ClientId = m.ClientId,
                GroupInstanceId = m.GroupInstanceId,
                ConsumerId = m.MemberId,
                Host = m.ClientHost,
                Assignment = new MemberAssignment { TopicPartitions = consumer ? AssignmentReader.Read(m.MemberAssignment) : [] },
            })],
        };
    }

    private static ConsumerGroupState ParseState(string? state) =>
        Enum.TryParse<ConsumerGroupState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : ConsumerGroupState.Unknown;

    private static ConsumerGroupType ParseType(string? type) =>
        string.IsNullOrEmpty(type) ? ConsumerGroupType.Classic
        : Enum.TryParse<ConsumerGroupType>(type, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : ConsumerGroupType.Unknown;

    /// <summary>Kafka's authorized-operations bit field (bit n set: AclOperation n allowed); int.MinValue means "not asked".</summary>
    private static List<AclOperation>? ToAclOperations(int bits) =>
        bits == int.MinValue ? null : [.. Enum.GetValues<AclOperation>().Where(o => (int)o < 32 && (bits & (1 << (int)o)) != 0)];
}
