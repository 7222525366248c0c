// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Tests.TestGrains;

public interface IContextGrain : IGrainWithStringKey
{
    Task<string> Describe();
}
