// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime;

/// <summary>Marker for grain interfaces (and grain classes used directly as their own interface).</summary>
public interface IGrain;
