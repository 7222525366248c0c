// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Configuration;
using Xunit;

namespace Granary.Silo.Tests.Configuration;

public class SiloCommandLineTests
{
    [Fact]
    public void Short_flags_become_listener_and_broker_entries()
    {
        var parsed = SiloCommandLine.Parse(["--host", "0.0.0.0", "--port=9093", "--data-dir", "/tmp/x", "--silo-id", "4"]);

        Assert.Equal(
            [
                new("Listener:Host", "0.0.0.0"),
                new("Listener:Port", "9093"),
                new("Broker:log.dir", "/tmp/x"),
                new("Broker:node.id", "4"),
            ],
            parsed.Entries);
        Assert.Empty(parsed.RemainingArguments);
    }

    [Fact]
    public void Override_is_repeatable_in_both_spellings_and_uses_the_canonical_name()
    {
        var parsed = SiloCommandLine.Parse(["--override", "num.partitions=3", "--override=broker.id=2", "--override", "LOG_RETENTION_MS=5"]);

        Assert.Equal(
            [
                new("Broker:num.partitions", "3"),
                new("Broker:node.id", "2"),
                new("Broker:log.retention.ms", "5"),
            ],
            parsed.Entries);
    }

    [Fact]
    public void Override_value_may_contain_equals_signs()
    {
        var parsed = SiloCommandLine.Parse(["--override", "broker.rack=a=b"]);
        Assert.Equal([new("Broker:broker.rack", "a=b")], parsed.Entries);
    }

    [Fact]
    public void Unknown_override_key_is_an_error_naming_it()
    {
        var ex = Assert.Throws<SiloConfigurationException>(() => SiloCommandLine.Parse(["--override", "no.such.setting=1"]));
        Assert.Equal(["no.such.setting: unknown broker setting in --override"], ex.Errors);
    }

    [Fact]
    public void Override_without_equals_and_flag_without_value_are_errors()
    {
        var ex = Assert.Throws<SiloConfigurationException>(() => SiloCommandLine.Parse(["--override", "num.partitions", "--port"]));
        Assert.Equal(["--override: expected name=value, got 'num.partitions'", "--port: missing value"], ex.Errors);
    }

    [Fact]
    public void Other_arguments_are_left_for_the_configuration_provider()
    {
        var parsed = SiloCommandLine.Parse(["--Logging:LogLevel:Default=Debug", "--port", "1"]);
        Assert.Equal(["--Logging:LogLevel:Default=Debug"], parsed.RemainingArguments);
        Assert.Equal([new("Listener:Port", "1")], parsed.Entries);
    }
}
