// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Network;
using Xunit;

namespace Granary.Silo.Tests.Network;

public sealed class ReadAheadBudgetTests
{
    [Fact]
    public async Task A_frame_waits_while_earlier_frames_hold_the_budget_and_proceeds_when_one_finishes()
    {
        var budget = new ReadAheadBudget(1000);
        await budget.TakeAsync(600, CancellationToken.None);
        await budget.TakeAsync(400, CancellationToken.None);

        var waiting = budget.TakeAsync(300, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        budget.Release(400);
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(900, budget.Used);
    }

    [Fact]
    public async Task A_frame_larger_than_the_budget_is_admitted_once_nothing_else_is_in_flight()
    {
        var budget = new ReadAheadBudget(1000);
        await budget.TakeAsync(10, CancellationToken.None);
        var huge = budget.TakeAsync(5000, CancellationToken.None).AsTask();
        Assert.False(huge.IsCompleted);
        budget.Release(10);
        await huge.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(5000, budget.Used);
        budget.Release(5000);
        Assert.Equal(0, budget.Used);
    }

    [Fact]
    public async Task Waiting_ends_when_the_connection_closes()
    {
        var budget = new ReadAheadBudget(100);
        await budget.TakeAsync(100, CancellationToken.None);
        using var closing = new CancellationTokenSource();
        var waiting = budget.TakeAsync(1, closing.Token).AsTask();
        await closing.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
