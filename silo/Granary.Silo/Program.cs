// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Configuration;
using Granary.Silo.Hosting;

try
{
    var silo = SiloHost.Build(args);
    await silo.RunAsync();
    return 0;
}
catch (SiloConfigurationException ex)
{
    await Console.Error.WriteLineAsync("Invalid configuration:");
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}
