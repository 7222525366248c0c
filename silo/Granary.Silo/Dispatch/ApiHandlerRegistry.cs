// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Silo.Dispatch;

/// <summary>The registered handlers by API key, with the catalog entry of each API; ApiVersions advertises exactly these.</summary>
public sealed class ApiHandlerRegistry
{
    private static readonly Dictionary<short, ApiMessageInfo> Catalog = ApiMessages.All.ToDictionary(a => (short)a.ApiKey);

    private readonly Dictionary<short, IApiHandler> _handlers;

    public ApiHandlerRegistry(IEnumerable<IApiHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _handlers = [];
        foreach (var handler in handlers)
        {
            if (!Catalog.TryGetValue((short)handler.ApiKey, out var info))
            {
                throw new InvalidOperationException($"{handler.GetType().Name}: API key {(short)handler.ApiKey} is not in the protocol catalog.");
            }

            if (handler.MinVersion < info.LowestSupportedVersion || handler.MinVersion > handler.MaxVersion || handler.MaxVersion > info.HighestSupportedVersion)
            {
                throw new InvalidOperationException(
                    $"{handler.GetType().Name}: version range {handler.MinVersion}..{handler.MaxVersion} is not within {info.ApiKey}'s {info.LowestSupportedVersion}..{info.HighestSupportedVersion}.");
            }

            // The last registration wins, so an application can replace a built-in handler.
            _handlers[(short)handler.ApiKey] = handler;
        }

        Handlers = [.. _handlers.Values.OrderBy(h => h.ApiKey)];
    }

    /// <summary>All handlers in API key order.</summary>
    public IReadOnlyList<IApiHandler> Handlers { get; }

    public bool TryGet(short apiKey, out IApiHandler handler) => _handlers.TryGetValue(apiKey, out handler!);

    /// <summary>The protocol catalog entry for a registered handler's API.</summary>
    public static ApiMessageInfo CatalogEntry(ApiKey apiKey) => Catalog[(short)apiKey];
}
