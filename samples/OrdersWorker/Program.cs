// Copyright (c) Granary contributors. Licensed under the MIT License.

using OrdersWorker;

// Handles orders through an implicit subscription: one OrderHandler per customer, that customer's orders in order.
// An order failing 3 times lands in "orders.dlq"; `dotnet run -- replay` sends the dead letters back to "orders".
var builder = Host.CreateApplicationBuilder(args);
builder.AddGranaryClient("granary");
builder.AddGranaryHealthCheck();
builder.Services.AddGranaryStreams("orders", o =>
    {
        o.MaxConcurrency = 64;
        o.Retry.MaxAttempts = 3;
    })
    .AddStreamHandler<OrderHandler>();

using var host = builder.Build();
if (args is ["replay", ..])
{
    var client = host.Services.GetRequiredService<Granary.Streams.Hosting.GranaryClient>();
    var replayed = await Granary.Streams.Failures.DeadLetterReplayer.ReplayAsync(client, "orders");
    Console.WriteLine($"Replayed {replayed} dead-lettered orders onto 'orders'.");
    return;
}

await host.RunAsync();
