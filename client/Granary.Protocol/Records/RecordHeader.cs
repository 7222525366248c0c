// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Records;

/// <summary>A record header to write: a string key and a nullable value.</summary>
public readonly record struct RecordHeader(string Key, byte[]? Value);
