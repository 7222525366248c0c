// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime;

/// <summary>A grain addressed by a string key, obtained with <see cref="IGrainFactory.GetGrain{TGrainInterface}(string)"/>.</summary>
public interface IGrainWithStringKey : IGrain;
