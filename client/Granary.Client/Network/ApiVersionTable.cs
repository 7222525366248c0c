// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Network;

/// <summary>The version ranges a broker announced in ApiVersions, and the choice of version per request.</summary>
internal sealed class ApiVersionTable
{
    private readonly Dictionary<short, (short Min, short Max)> _ranges;

    public ApiVersionTable(IEnumerable<ApiVersionsResponse.ApiVersion> keys) =>
        _ranges = keys.GroupBy(k => k.ApiKey).ToDictionary(g => g.Key, g => (g.First().MinVersion, g.First().MaxVersion));

    public bool TryGetRange(ApiKey key, out short min, out short max)
    {
        if (_ranges.TryGetValue((short)key, out var range))
        {
            (min, max) = range;
            return true;
        }

        min = max = -1;
        return false;
    }

    /// <summary>
    /// The highest version both sides support, capped at <paramref name="clientMax"/> (what this client implements);
    /// fails with Local_UnsupportedFeature when the ranges do not overlap.
    /// </summary>
    public short Pick(ApiKey key, short clientMax, short clientMin = 0)
    {
        var info = ApiMessages.Get(key);
        var low = Math.Max(clientMin, info.LowestSupportedVersion);
        var high = Math.Min(clientMax, info.HighestSupportedVersion);
        if (!TryGetRange(key, out var brokerMin, out var brokerMax))
        {
            throw new KafkaException(new Error(ErrorCode.Local_UnsupportedFeature, $"The broker does not support {key}."));
        }

        low = Math.Max(low, brokerMin);
        high = Math.Min(high, brokerMax);
        return high >= low
            ? high
            : throw new KafkaException(new Error(
                ErrorCode.Local_UnsupportedFeature,
                $"No common version for {key}: the broker supports {brokerMin}..{brokerMax}, this client {clientMin}..{clientMax}."));
    }
}
