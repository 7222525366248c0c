// Copyright (c) Granary contributors. Licensed under the MIT License.

using BenchmarkDotNet.Running;

// The stream-vs-consumer comparison times first-to-last event inside one process, which BenchmarkDotNet cannot express.
if (args is ["stream-vs-consumer", .. var rest])
{
    return await Granary.Benchmarks.Streams.StreamVersusConsumer.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
