// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Primitives;
using Granary.Storage;

namespace Granary.Silo.Handlers;

/// <summary>
/// A partition's fetched record batches as a range of its segment file: the Fetch response refers to them and the
/// connection reads them into its socket buffer when it sends the response (the segment stays open until then).
/// </summary>
internal sealed class FetchedRecords : ExternalBytes
{
    private readonly LogReadResult _read;

    public FetchedRecords(LogReadResult read)
        : base((read ?? throw new ArgumentNullException(nameof(read))).Length) => _read = read;

    public override void Read(long offset, Span<byte> destination) => _read.CopyTo(offset, destination);

    protected override void Release() => _read.Dispose();
}
