// Copyright (c) Granary contributors. Licensed under the MIT License.

// Placeholder until the silo host lands; replaced by the hosting code.
return 0;
