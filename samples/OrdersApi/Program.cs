// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams;
using Orders.Contracts;

// Publishes orders to the "orders" stream of the customer; the call returns once the silo acknowledged the record.
var builder = WebApplication.CreateBuilder(args);
builder.AddGranaryClient("granary");
builder.AddGranaryHealthCheck();
builder.Services.AddGranaryStreams("orders");

var app = builder.Build();
app.MapHealthChecks("/health");
app.MapPost("/orders", async ([FromKeyedServices("orders")] IStreamProvider streams, Order order) =>
{
    await streams.GetStream<Order>(StreamId.Create("orders", order.CustomerId)).OnNextAsync(order);
    return Results.Accepted($"/orders/{order.Id}", order);
});
app.Run();
