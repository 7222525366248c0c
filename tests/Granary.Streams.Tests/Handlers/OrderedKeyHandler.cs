// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;

namespace Granary.Streams.Tests.Handlers;

/// <summary>Records what each instance saw, and whether any instance was ever called concurrently.</summary>
[ImplicitStreamSubscription("keyed")]
public sealed class OrderedKeyHandler : IStreamHandler<int>, IDisposable
{
    public static readonly ConcurrentDictionary<string, List<int>> Seen = new();
    public static readonly ConcurrentDictionary<OrderedKeyHandler, string> KeysByInstance = new();
    public static int Overlaps;
    public static int Running;
    public static int MaxRunning;
    public static int Disposed;

    private int _busy;

    public async Task OnNextAsync(int item, StreamEventContext context)
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            Interlocked.Increment(ref Overlaps);
        }

        var key = context.StreamId.Key;
        if (KeysByInstance.GetOrAdd(this, key) != key)
        {
            Interlocked.Increment(ref Overlaps);
        }

        var now = Interlocked.Increment(ref Running);
        int max;
        while ((max = Volatile.Read(ref MaxRunning)) < now && Interlocked.CompareExchange(ref MaxRunning, now, max) != max)
        {
        }

        await Task.Delay(Random.Shared.Next(0, 4));
        var list = Seen.GetOrAdd(key, _ => []);
        lock (list)
        {
            list.Add(item);
        }

        Interlocked.Decrement(ref Running);
        Volatile.Write(ref _busy, 0);
    }

    public void Dispose() => Interlocked.Increment(ref Disposed);
}
