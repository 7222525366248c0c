// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Placement;

/// <summary>
/// Decides whether this silo may host a grain. The cluster will supply a placement that follows the cluster table
/// (partition grains where their replicas are); until then every grain is local.
/// </summary>
public interface IGrainPlacement
{
    /// <summary>True when this process may activate <paramref name="grainId"/>. Consulted only when creating an activation.</summary>
    bool IsLocal(GrainId grainId);
}
