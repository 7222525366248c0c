// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Net;
using System.Runtime.InteropServices;
using Granary.Protocol.GoldenCapture;

// Usage: Granary.Protocol.GoldenCapture --port 19092 --out <dir> --client <name>
// Runs until SIGINT/SIGTERM, saving each new request frame as <dir>/<name>/<ApiKeyName>-v<version>[-<label>].bin.
var port = 19092;
var output = "golden-out";
var client = "client";
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--out":
            output = args[i + 1];
            break;
        case "--client":
            client = args[i + 1];
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; expected --port, --out, --client");
            return 2;
    }
}

using var shutdown = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    shutdown.Cancel();
});
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    shutdown.Cancel();
});

var log = TextWriter.Synchronized(Console.Out);
var endpoint = new IPEndPoint(IPAddress.Loopback, port);
var broker = new CaptureBroker(new FrameStore(output, client), endpoint.Address.ToString(), port, log);
await new CaptureServer(broker, endpoint, log).RunAsync(shutdown.Token);
return 0;
