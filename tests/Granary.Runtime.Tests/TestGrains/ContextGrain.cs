// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Tests.TestGrains;

/// <summary>Takes its context through the constructor and gets the default type name ("context").</summary>
public sealed class ContextGrain(IGrainContext context) : Grain, IContextGrain
{
    public Task<string> Describe() => Task.FromResult(context.GrainId.ToString() + "|" + ReferenceEquals(context, GrainContext));
}
