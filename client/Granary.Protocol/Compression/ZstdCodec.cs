// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Runtime.InteropServices;
using Granary.Protocol.Records;

namespace Granary.Protocol.Compression;

/// <summary>
/// Kafka's zstd codec through the system libzstd. Decompression streams into a bounded output, so a frame that does
/// not declare its content size is bounded too, and caps the window a frame may demand.
/// </summary>
/// <remarks>
/// The entry points are bound with <see cref="NativeLibrary"/> and unmanaged function pointers rather than
/// [LibraryImport], whose library name is fixed at compile time: a codec can be pointed at another library (a test
/// points one at a missing one), and a missing library turns into UNSUPPORTED_COMPRESSION_TYPE, not a crash.
/// </remarks>
public sealed unsafe class ZstdCodec : CompressionCodec
{
    /// <summary>The system library the shared instance loads.</summary>
    public const string DefaultLibraryName = "libzstd.so.1";

    /// <summary>Kafka's default compression.zstd.level.</summary>
    public const int DefaultLevel = 3;

    public static readonly ZstdCodec Instance = new();

    private const int WindowLogMaxParameter = 100;
    private const int ResetSessionOnly = 1;
    private const int MinWindowLogMax = 23;
    private const int MaxWindowLogMax = 27;

    [ThreadStatic]
    private static ZstdContextCache? t_contexts;

    private readonly string _libraryName;
    private readonly int _level;
    private readonly Lazy<Api?> _api;

    public ZstdCodec(string libraryName = DefaultLibraryName, int level = DefaultLevel)
    {
        _libraryName = libraryName;
        _level = level;
        _api = new Lazy<Api?>(() => Api.TryLoad(libraryName));
    }

    public override CompressionType Type => CompressionType.Zstd;

    /// <summary>Whether the native library could be loaded (loading it if not tried yet).</summary>
    public bool IsAvailable => _api.Value is not null;

    public override void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        var api = RequireApi();
        var bound = api.CompressBound((nuint)source.Length);
        if (bound > int.MaxValue)
        {
            throw new ArgumentException("The input is too large for one zstd frame here.", nameof(source));
        }

        var span = destination.GetSpan((int)bound);
        nuint written;
        fixed (byte* src = source)
        fixed (byte* dst = span)
        {
            written = api.CompressOneShot(dst, (nuint)span.Length, src, (nuint)source.Length, _level);
        }

        if (api.IsError(written) != 0)
        {
            throw new InvalidOperationException($"zstd compression failed: {api.ErrorName(written)}");
        }

        destination.Advance((int)written);
    }

    public override int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputBytes)
    {
        var api = RequireApi();
        if (source.IsEmpty)
        {
            throw Corrupt("zstd", "no frame.");
        }

        var context = RentContext(api);
        try
        {
            var windowLogMax = Math.Clamp(64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(maxOutputBytes, 1) - 1), MinWindowLogMax, MaxWindowLogMax);
            Check(api, api.SetParameter(context, WindowLogMaxParameter, windowLogMax));
            var total = 0;
            fixed (byte* src = source)
            {
                var input = new Buffer { Data = src, Size = (nuint)source.Length, Position = 0 };
                while (true)
                {
                    var room = Math.Min(128 * 1024, maxOutputBytes - total + 1);
                    var span = destination.GetSpan(room)[..room];
                    nuint result;
                    var inputBefore = input.Position;
                    Buffer output;
                    fixed (byte* dst = span)
                    {
                        output = new Buffer { Data = dst, Size = (nuint)span.Length, Position = 0 };
                        result = api.DecompressStream(context, &output, &input);
                    }

                    Check(api, result);
                    var produced = (int)output.Position;
                    if ((long)total + produced > maxOutputBytes)
                    {
                        throw Bomb("zstd", maxOutputBytes);
                    }

                    destination.Advance(produced);
                    total += produced;
                    var inputDone = input.Position == input.Size;
                    if (result == 0 && inputDone)
                    {
                        return total;
                    }

                    if (inputDone && produced < room)
                    {
                        throw Corrupt("zstd", "the frame is truncated.");
                    }

                    if (produced == 0 && input.Position == inputBefore)
                    {
                        throw Corrupt("zstd", "the decoder made no progress.");
                    }
                }
            }
        }
        catch (ProtocolException)
        {
            // A context that failed mid-frame is reset before reuse, not trusted as is.
            api.Reset(context, ResetSessionOnly);
            throw;
        }
        finally
        {
            ReturnContext(api, context);
        }
    }

    private static void Check(Api api, nuint code)
    {
        if (api.IsError(code) != 0)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Corrupt zstd data: {api.ErrorName(code)}.");
        }
    }

    private Api RequireApi() => _api.Value ?? throw new ProtocolException(
        KafkaErrorCode.UnsupportedCompressionType,
        $"zstd is unavailable: the native library {_libraryName} could not be loaded (install libzstd; Debian: libzstd1).");

    private nint RentContext(Api api)
    {
        var cache = t_contexts;
        if (cache is not null && ReferenceEquals(cache.Api, api) && cache.Context != 0)
        {
            var context = cache.Context;
            cache.Context = 0;
            api.Reset(context, ResetSessionOnly);
            return context;
        }

        var created = api.CreateContext();
        return created != 0 ? created : throw new OutOfMemoryException("ZSTD_createDCtx failed.");
    }

    private static void ReturnContext(Api api, nint context)
    {
        var cache = t_contexts ??= new ZstdContextCache();
        if (cache.Context == 0 && (cache.Api is null || ReferenceEquals(cache.Api, api)))
        {
            cache.Api = api;
            cache.Context = context;
            return;
        }

        api.FreeContext(context);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Buffer
    {
        public byte* Data;
        public nuint Size;
        public nuint Position;
    }

    private sealed class ZstdContextCache
    {
        public Api? Api { get; set; }

        public nint Context { get; set; }
    }

    private sealed class Api
    {
        private Api(nint library)
        {
            CompressBoundPtr = (delegate* unmanaged<nuint, nuint>)NativeLibrary.GetExport(library, "ZSTD_compressBound");
            CompressPtr = (delegate* unmanaged<byte*, nuint, byte*, nuint, int, nuint>)NativeLibrary.GetExport(library, "ZSTD_compress");
            IsErrorPtr = (delegate* unmanaged<nuint, uint>)NativeLibrary.GetExport(library, "ZSTD_isError");
            ErrorNamePtr = (delegate* unmanaged<nuint, byte*>)NativeLibrary.GetExport(library, "ZSTD_getErrorName");
            CreateContextPtr = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "ZSTD_createDCtx");
            FreeContextPtr = (delegate* unmanaged<nint, nuint>)NativeLibrary.GetExport(library, "ZSTD_freeDCtx");
            ResetPtr = (delegate* unmanaged<nint, int, nuint>)NativeLibrary.GetExport(library, "ZSTD_DCtx_reset");
            SetParameterPtr = (delegate* unmanaged<nint, int, int, nuint>)NativeLibrary.GetExport(library, "ZSTD_DCtx_setParameter");
            DecompressStreamPtr = (delegate* unmanaged<nint, Buffer*, Buffer*, nuint>)NativeLibrary.GetExport(library, "ZSTD_decompressStream");
        }

        private delegate* unmanaged<nuint, nuint> CompressBoundPtr { get; }

        private delegate* unmanaged<byte*, nuint, byte*, nuint, int, nuint> CompressPtr { get; }

        private delegate* unmanaged<nuint, uint> IsErrorPtr { get; }

        private delegate* unmanaged<nuint, byte*> ErrorNamePtr { get; }

        private delegate* unmanaged<nint> CreateContextPtr { get; }

        private delegate* unmanaged<nint, nuint> FreeContextPtr { get; }

        private delegate* unmanaged<nint, int, nuint> ResetPtr { get; }

        private delegate* unmanaged<nint, int, int, nuint> SetParameterPtr { get; }

        private delegate* unmanaged<nint, Buffer*, Buffer*, nuint> DecompressStreamPtr { get; }

        public static Api? TryLoad(string name)
        {
            if (!NativeLibrary.TryLoad(name, out var library))
            {
                return null;
            }

            try
            {
                return new Api(library);
            }
            catch (EntryPointNotFoundException)
            {
                return null;
            }
        }

        public nuint CompressBound(nuint size) => CompressBoundPtr(size);

        public nuint CompressOneShot(byte* dst, nuint capacity, byte* src, nuint size, int level) => CompressPtr(dst, capacity, src, size, level);

        public uint IsError(nuint code) => IsErrorPtr(code);

        public string ErrorName(nuint code) => Marshal.PtrToStringUTF8((nint)ErrorNamePtr(code)) ?? "unknown error";

        public nint CreateContext() => CreateContextPtr();

        public void FreeContext(nint context) => FreeContextPtr(context);

        public void Reset(nint context, int directive) => ResetPtr(context, directive);

        public nuint SetParameter(nint context, int parameter, int value) => SetParameterPtr(context, parameter, value);

        public nuint DecompressStream(nint context, Buffer* output, Buffer* input) => DecompressStreamPtr(context, output, input);
    }
}
