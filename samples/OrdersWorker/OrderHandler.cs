// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams;
using Orders.Contracts;

namespace OrdersWorker;

/// <summary>One instance per customer; orders with a non-positive amount fail and end up in the dead-letter topic.</summary>
[ImplicitStreamSubscription("orders")]
public sealed partial class OrderHandler(ILogger<OrderHandler> logger) : IStreamHandler<Order>
{
    private decimal _total;

    public Task OnNextAsync(Order item, StreamEventContext context)
    {
        if (item.Amount <= 0)
        {
            throw new InvalidOperationException($"Order {item.Id} has a non-positive amount.");
        }

        _total += item.Amount;
        LogHandled(logger, item.Id, item.CustomerId, _total, context.Token.ToString());
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} of {Customer} handled; running total {Total} (token {Token})")]
    private static partial void LogHandled(ILogger logger, Guid orderId, string customer, decimal total, string token);
}
