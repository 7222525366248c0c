// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Orders.Contracts;

/// <summary>An order as published by the API and handled by the worker; the stream key is the customer.</summary>
public sealed record Order(Guid Id, string CustomerId, decimal Amount);
