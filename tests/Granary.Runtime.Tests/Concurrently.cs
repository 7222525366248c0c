// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Tests;

/// <summary>Runs bodies on dedicated threads released together by a barrier (thread-pool threads would starve on a small machine).</summary>
public static class Concurrently
{
    public static T[] Run<T>(int threads, Func<int, T> body)
    {
        var results = new T[threads];
        var errors = new Exception?[threads];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                results[i] = body(i);
            }
            catch (Exception exception)
            {
                errors[i] = exception;
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        return errors.FirstOrDefault(e => e is not null) is { } error ? throw error : results;
    }
}
