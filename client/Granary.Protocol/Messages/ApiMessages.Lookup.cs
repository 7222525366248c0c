// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics.CodeAnalysis;

namespace Granary.Protocol.Messages;

/// <summary>Lookups over the generated catalog.</summary>
public static partial class ApiMessages
{
    private static readonly Dictionary<short, ApiMessageInfo> ByKey = All.ToDictionary(a => (short)a.ApiKey);

    public static bool TryGet(short apiKey, [NotNullWhen(true)] out ApiMessageInfo? info) => ByKey.TryGetValue(apiKey, out info);

    public static bool TryGet(ApiKey apiKey, [NotNullWhen(true)] out ApiMessageInfo? info) => ByKey.TryGetValue((short)apiKey, out info);

    /// <summary>Returns the API's entry, or throws INVALID_REQUEST for a key the specs do not define.</summary>
    public static ApiMessageInfo Get(short apiKey) =>
        TryGet(apiKey, out var info) ? info : throw new ProtocolException(KafkaErrorCode.InvalidRequest, $"Unknown API key {apiKey}.");

    public static ApiMessageInfo Get(ApiKey apiKey) => Get((short)apiKey);
}
