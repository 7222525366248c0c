// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Reflection;

namespace Granary.Streams.Handlers;

/// <summary>One handler class bound to one namespace (from its <see cref="ImplicitStreamSubscriptionAttribute"/>s).</summary>
public sealed record StreamHandlerRegistration(Type HandlerType, Type ItemType, string Namespace, string? Provider)
{
    /// <summary>Reads a handler class's attributes; throws if it is not a concrete IStreamHandler&lt;T&gt; with at least one attribute.</summary>
    public static IReadOnlyList<StreamHandlerRegistration> For(Type handlerType)
    {
        ArgumentNullException.ThrowIfNull(handlerType);
        if (handlerType.IsAbstract || handlerType.IsInterface || handlerType.ContainsGenericParameters)
        {
            throw new ArgumentException($"{handlerType} must be a concrete class.", nameof(handlerType));
        }

        var handlerInterfaces = handlerType.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStreamHandler<>)).ToList();
        if (handlerInterfaces.Count != 1)
        {
            throw new ArgumentException($"{handlerType} must implement IStreamHandler<T> exactly once.", nameof(handlerType));
        }

        var attributes = handlerType.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>().ToList();
        if (attributes.Count == 0)
        {
            throw new ArgumentException($"{handlerType} has no [ImplicitStreamSubscription(\"namespace\")] attribute.", nameof(handlerType));
        }

        var itemType = handlerInterfaces[0].GetGenericArguments()[0];
        return [.. attributes.Select(a => new StreamHandlerRegistration(handlerType, itemType, a.Namespace, a.Provider))];
    }

    /// <summary>Every handler class in the assembly (concrete, IStreamHandler&lt;T&gt;, with the attribute).</summary>
    public static IReadOnlyList<StreamHandlerRegistration> Scan(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return [.. assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && t.IsDefined(typeof(ImplicitStreamSubscriptionAttribute), false))
            .SelectMany(For)];
    }
}
