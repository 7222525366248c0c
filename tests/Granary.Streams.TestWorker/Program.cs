// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams;
using Granary.Streams.Hosting;
using Granary.Streams.Providers;

// A consumer process for kill tests: subscribes to stream (topic, "k") and appends each handled item to a file,
// flushed before the handler returns; the first attempt of every 7th item throws. Args: bootstrap topic file.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Granary.Streams.TestWorker <bootstrap> <topic> <file>");
    return 2;
}

var (bootstrap, topic, file) = (args[0], args[1], args[2]);
using var client = new GranaryClient(new GranaryClientOptions { BootstrapServers = bootstrap, ClientId = "kill-worker" });
var options = new GranaryStreamsOptions
{
    CommitInterval = TimeSpan.FromMilliseconds(50),
    Retry = { MaxAttempts = 5, InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(20) },
    ConsumerConfig = { ["session.timeout.ms"] = "6000", ["heartbeat.interval.ms"] = "500" },
};
await using var provider = new GranaryStreamProvider("kill", client, options);
var failed = new HashSet<int>();
await using var output = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
await using var writer = new StreamWriter(output) { AutoFlush = true };
await provider.GetStream<int>(StreamId.Create(topic, "k")).SubscribeAsync(async (item, _) =>
{
    if (item % 7 == 3 && failed.Add(item))
    {
        throw new InvalidOperationException("first attempt of item " + item);
    }

    await writer.WriteLineAsync(item.ToString(System.Globalization.CultureInfo.InvariantCulture));
    output.Flush(flushToDisk: true);
    await Task.Delay(5);
});
Console.WriteLine("subscribed");
await Task.Delay(Timeout.Infinite);
return 0;
