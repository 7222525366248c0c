// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Configuration;
using Granary.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Granary.Silo.Tests.Configuration;

public class SiloHostConfigurationTests
{
    [Fact]
    public void Command_line_override_wins_over_the_broker_section_on_the_command_line()
    {
        using var app = SiloHost.Build(["--Broker:num.partitions=2", "--override", "num.partitions=7", "--port", "0", "--silo-id", "5"]);

        var broker = app.Services.GetRequiredService<IOptions<BrokerOptions>>().Value;
        Assert.Equal(7, broker.NumPartitions);
        Assert.Equal(5, broker.NodeId);
        Assert.InRange(app.Services.GetRequiredService<IOptions<ListenerOptions>>().Value.Port, 1, 65535); // 0 is resolved to a free port
    }

    [Fact]
    public void Invalid_flag_value_stops_the_build_with_the_key_named()
    {
        var ex = Assert.Throws<SiloConfigurationException>(() => SiloHost.CreateBuilder(["--port", "http"]));
        Assert.Equal(["port: must be an integer in [0, 65535], got 'http'"], ex.Errors);
    }
}
