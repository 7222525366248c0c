// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams;

/// <summary>
/// Marks an <see cref="IStreamHandler{T}"/> class as subscribed to every stream of a namespace (topic). The stream host
/// activates one instance per stream key, delivers that key's records to it one at a time in order, and collects idle
/// instances.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ImplicitStreamSubscriptionAttribute : Attribute
{
    public ImplicitStreamSubscriptionAttribute(string streamNamespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamNamespace);
        Namespace = streamNamespace;
    }

    public string Namespace { get; }

    /// <summary>The stream provider whose streams this handler receives; null means every provider hosting handlers.</summary>
    public string? Provider { get; init; }
}
