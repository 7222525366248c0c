// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Dispatch;

/// <summary>The registered handlers by API key; ApiVersions advertises exactly these.</summary>
public sealed class ApiHandlerRegistry
{
    private readonly Dictionary<short, IApiHandler> _handlers;

    public ApiHandlerRegistry(IEnumerable<IApiHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _handlers = [];
        foreach (var handler in handlers)
        {
            if (handler.MinVersion < 0 || handler.MinVersion > handler.MaxVersion)
            {
                throw new InvalidOperationException($"{handler.GetType().Name}: invalid version range {handler.MinVersion}..{handler.MaxVersion}.");
            }

            // The last registration wins, so an application can replace a built-in handler.
            _handlers[handler.ApiKey] = handler;
        }

        Handlers = [.. _handlers.Values.OrderBy(h => h.ApiKey)];
    }

    /// <summary>All handlers in API key order.</summary>
    public IReadOnlyList<IApiHandler> Handlers { get; }

    public bool TryGet(short apiKey, out IApiHandler handler) => _handlers.TryGetValue(apiKey, out handler!);
}
