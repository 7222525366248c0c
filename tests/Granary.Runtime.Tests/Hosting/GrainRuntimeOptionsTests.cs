// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Granary.Runtime.Tests.Hosting;

public class GrainRuntimeOptionsTests
{
    [Fact]
    public void DefaultsFollowOrleans()
    {
        var options = new GrainCollectionOptions();
        Assert.Equal(TimeSpan.FromMinutes(15), options.CollectionAge);
        Assert.Equal(TimeSpan.FromMinutes(1), options.CollectionQuantum);
        Assert.Equal(TimeSpan.FromSeconds(30), new GrainRuntimeOptions().ShutdownTimeout);
    }

    [Fact]
    public void BadCollectionAgeNamesTheKeyAndRange()
    {
        var services = new ServiceCollection().AddGrainRuntime();
        services.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GrainRuntime>());
        Assert.Contains("GrainCollectionOptions.CollectionAge", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QuantumLongerThanAgeIsRejected()
    {
        var services = new ServiceCollection().AddGrainRuntime();
        services.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.FromHours(1));
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GrainRuntime>());
        Assert.Contains("GrainCollectionOptions.CollectionQuantum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadShutdownTimeoutIsRejected()
    {
        var services = new ServiceCollection().AddGrainRuntime(o => o.ShutdownTimeout = TimeSpan.FromSeconds(-1));
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GrainRuntime>());
        Assert.Contains("GrainRuntimeOptions.ShutdownTimeout", error.Message, StringComparison.Ordinal);
    }
}
