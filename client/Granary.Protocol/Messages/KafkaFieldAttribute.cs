// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Messages;

/// <summary>
/// Records a generated property's spec: the versions that carry it, the versions where it may be null, its tag.
/// Tests use it to build valid random messages; a range whose minimum exceeds its maximum means "no version".
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class KafkaFieldAttribute : Attribute
{
    public KafkaFieldAttribute(short minVersion, short maxVersion)
    {
        MinVersion = minVersion;
        MaxVersion = maxVersion;
    }

    public short MinVersion { get; }

    public short MaxVersion { get; }

    public short NullableMinVersion { get; set; } = 1;

    public short NullableMaxVersion { get; set; }

    /// <summary>The field's tag, or -1 when it is never tagged.</summary>
    public int Tag { get; set; } = -1;

    public short TaggedMinVersion { get; set; } = 1;

    public short TaggedMaxVersion { get; set; }

    public bool Ignorable { get; set; }

    public bool IsPresent(short version) => version >= MinVersion && version <= MaxVersion;

    public bool IsNullable(short version) => version >= NullableMinVersion && version <= NullableMaxVersion;

    public bool IsTagged(short version) => version >= TaggedMinVersion && version <= TaggedMaxVersion;
}
