// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Granary.Protocol;
using Granary.Protocol.Framing;
using Granary.Protocol.Messages;

namespace Granary.Client.Network;

/// <summary>
/// One TCP connection to a broker. Requests are pipelined: each gets a correlation id and waits for its own response,
/// so many may be in flight; the read loop matches responses by id. A transport failure fails every pending request
/// with Local_Transport and marks the connection faulted (the owner reconnects).
/// </summary>
internal sealed class KafkaConnection : IAsyncDisposable
{
    private const short ApiVersionsClientMax = 3;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly string? _clientId;
    private readonly int _maxResponseBytes;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, PendingRequest> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private Task _readLoop = Task.CompletedTask;
    private int _nextCorrelationId;
    private volatile Exception? _fault;

    private KafkaConnection(BrokerAddress address, Socket socket, Stream stream, string? clientId, int maxResponseBytes)
    {
        Address = address;
        _socket = socket;
        _stream = stream;
        _clientId = clientId;
        _maxResponseBytes = maxResponseBytes;
    }

    public BrokerAddress Address { get; }

    public ApiVersionTable Versions { get; private set; } = new([]);

    public bool IsFaulted => _fault is not null;

    /// <summary>
    /// Connects within <paramref name="connectTimeout"/>, sets up TLS when <paramref name="security"/> asks for it,
    /// negotiates API versions, then authenticates with SASL when asked (before any other request).
    /// </summary>
    public static async Task<KafkaConnection> ConnectAsync(
        BrokerAddress address, string? clientId, int maxResponseBytes, TimeSpan connectTimeout, TimeSpan requestTimeout, CancellationToken cancellationToken,
        ConnectionSecurity? security = null)
    {
        security ??= ConnectionSecurity.Plaintext;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(connectTimeout);
                try
                {
                    await socket.ConnectAsync(address.Host, address.Port, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"Connecting to {address} timed out after {connectTimeout.TotalMilliseconds:0} ms."));
                }
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (security.UseTls)
        {
            try
            {
                stream = await TlsConnector.AuthenticateAsync(stream, address, security, connectTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var connection = new KafkaConnection(address, socket, stream, clientId, maxResponseBytes);
        connection._readLoop = connection.ReadLoopAsync();
        try
        {
            await connection.NegotiateVersionsAsync(requestTimeout, cancellationToken).ConfigureAwait(false);
            if (security.UseSasl)
            {
                await SaslClient.AuthenticateAsync(connection, security, requestTimeout, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends a request and waits for its response (bounded by <paramref name="timeout"/>).</summary>
    public async Task<TResponse> SendAsync<TResponse>(IKafkaApiMessage request, short version, TimeSpan timeout, CancellationToken cancellationToken)
        where TResponse : class, IKafkaApiMessage
    {
        var response = await BeginSendAsync<TResponse>(request, version, timeout, cancellationToken).ConfigureAwait(false);
        return await response.ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a request whose response frame is read into a pooled <see cref="ResponseBuffer"/> instead of a new array:
    /// the response's byte fields are slices of that buffer, so the caller owns one reference and must release it
    /// (after taking its own references for slices it keeps). Used for Fetch, whose responses are megabytes.
    /// </summary>
    public async Task<PooledResponse<TResponse>> SendPooledAsync<TResponse>(IKafkaApiMessage request, short version, TimeSpan timeout, CancellationToken cancellationToken)
        where TResponse : class, IKafkaApiMessage
    {
        var pending = new PendingRequest(request.ApiKey, version) { Pooled = true };
        var correlationId = await WriteAwaitedAsync(request, version, pending, cancellationToken).ConfigureAwait(false);

        TResponse response;
        try
        {
            response = await AwaitResponseAsync<TResponse>(correlationId, pending, request.ApiKey, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A response that arrived just as the wait gave up still holds its buffer.
            pending.TakeBuffer()?.Release();
            throw;
        }

        return new PooledResponse<TResponse>(response, pending.TakeBuffer() ?? throw new InvalidOperationException("A pooled response arrived without its buffer."));
    }

    /// <summary>
    /// Writes a request and returns once it is on the socket, with a task for its response: a caller that awaits
    /// each write before the next keeps its requests in order on the wire while their responses are outstanding
    /// together (the producer pipelines up to max.in.flight batches of a partition this way).
    /// </summary>
    public async Task<Task<TResponse>> BeginSendAsync<TResponse>(IKafkaApiMessage request, short version, TimeSpan timeout, CancellationToken cancellationToken)
        where TResponse : class, IKafkaApiMessage
    {
        var pending = new PendingRequest(request.ApiKey, version);
        var correlationId = await WriteAwaitedAsync(request, version, pending, cancellationToken).ConfigureAwait(false);
        return AwaitResponseAsync<TResponse>(correlationId, pending, request.ApiKey, timeout, cancellationToken);
    }

    /// <summary>Registers <paramref name="pending"/> under a new correlation id, then writes the request; unregisters it if the write fails.</summary>
    private async Task<int> WriteAwaitedAsync(IKafkaApiMessage request, short version, PendingRequest pending, CancellationToken cancellationToken)
    {
        var correlationId = Interlocked.Increment(ref _nextCorrelationId);
        _pending[correlationId] = pending;
        try
        {
            await WriteFrameAsync(request, version, correlationId, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _pending.TryRemove(correlationId, out _);
            throw;
        }

        return correlationId;
    }

    /// <summary>Sends a request the broker does not answer (Produce with acks=0).</summary>
    public Task SendWithoutResponseAsync(IKafkaApiMessage request, short version, CancellationToken cancellationToken) =>
        WriteFrameAsync(request, version, Interlocked.Increment(ref _nextCorrelationId), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Fault(new KafkaException(new Error(ErrorCode.Local_Destroy, $"Connection to {Address} closed.")));
        await _closing.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The read loop has already reported its failure to every pending request.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);

        // The write lock is deliberately not disposed: the connection is shared, so a sender that took it just
        // before another found it faulted and disposed it may still be about to wait on or release the lock, and
        // a disposed SemaphoreSlim throws ObjectDisposedException there instead of the Local_Transport error every
        // caller handles. It holds no unmanaged resource until its wait handle is asked for, which nothing does.
        _closing.Dispose();
    }

    private async Task<TResponse> AwaitResponseAsync<TResponse>(int correlationId, PendingRequest pending, ApiKey apiKey, TimeSpan timeout, CancellationToken cancellationToken)
        where TResponse : class, IKafkaApiMessage
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                var response = await pending.Completion.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
                return response as TResponse ?? throw new KafkaException(new Error(ErrorCode.Local_BadMsg, $"Unexpected response type for {apiKey}."));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"{apiKey} request to {Address} timed out after {timeout.TotalMilliseconds:0} ms."));
            }
        }
        finally
        {
            _pending.TryRemove(correlationId, out _);
        }
    }

    private async Task NegotiateVersionsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new ApiVersionsRequest { ClientSoftwareName = "granary-dotnet", ClientSoftwareVersion = "0.1.0" };
        var response = await SendAsync<ApiVersionsResponse>(request, ApiVersionsClientMax, timeout, cancellationToken).ConfigureAwait(false);
        if (response.ErrorCode == (short)KafkaErrorCode.UnsupportedVersion)
        {
            // Older brokers answer with v0 and list their ApiVersions range; v0 is supported by every broker.
            response = await SendAsync<ApiVersionsResponse>(new ApiVersionsRequest(), 0, timeout, cancellationToken).ConfigureAwait(false);
        }

        if (response.ErrorCode != 0)
        {
            throw new KafkaException(new Error((ErrorCode)response.ErrorCode, $"ApiVersions to {Address} failed with error {response.ErrorCode}."));
        }

        Versions = new ApiVersionTable(response.ApiKeys);
    }

    private async Task WriteFrameAsync(IKafkaApiMessage request, short version, int correlationId, CancellationToken cancellationToken)
    {
        if (_fault is { } fault)
        {
            throw new KafkaException(new Error(ErrorCode.Local_Transport, $"Connection to {Address} failed: {fault.Message}"), fault);
        }

        // Record batches stay in the producer's buffers: a plain socket sends them with the frame's own bytes in one
        // gather write (TLS writes the segments in turn), instead of the request being copied into one buffer first.
        using var frame = new SegmentedFrame();
        RequestFrame.Write(frame, version, correlationId, _clientId, request);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (frame.ReferenceCount == 0)
            {
                await _stream.WriteAsync(frame.ContiguousMemory, cancellationToken).ConfigureAwait(false);
            }
            else if (_stream is NetworkStream)
            {
                var sent = await _socket.SendAsync(frame.ToSegments(), SocketFlags.None).ConfigureAwait(false);
                if (sent != frame.Length)
                {
                    throw new IOException($"The socket took {sent} of a request's {frame.Length} bytes.");
                }
            }
            else
            {
                foreach (var segment in frame.ToSegments())
                {
                    await _stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Fault(ex);
            throw new KafkaException(new Error(ErrorCode.Local_Transport, $"Sending to {Address} failed: {ex.Message}"), ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        // The size prefix and the correlation id are read first, so the frame goes into a pooled buffer when its
        // request asked for one (and a frame nobody waits for is skipped through a small scratch buffer).
        var head = new byte[8];
        try
        {
            while (true)
            {
                // Every valid frame is at least its correlation id long, so both are read in one go.
                await _stream.ReadExactlyAsync(head, _closing.Token).ConfigureAwait(false);
                var size = BinaryPrimitives.ReadInt32BigEndian(head);
                if (size < 4 || size > _maxResponseBytes)
                {
                    throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Response frame size {size} is outside 4..{_maxResponseBytes} (receive.message.max.bytes).");
                }

                var correlationId = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(4));
                if (!_pending.TryGetValue(correlationId, out var pending))
                {
                    // A response nobody waits for (its request timed out) is dropped; the stream is still in sync.
                    await SkipAsync(size - 4).ConfigureAwait(false);
                    continue;
                }

                if (pending.Pooled)
                {
                    var buffer = ResponseBuffer.Rent(size);
                    try
                    {
                        head.AsSpan(4, 4).CopyTo(buffer.Memory.Span);
                        await _stream.ReadExactlyAsync(buffer.Memory[4..], _closing.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        buffer.Release();
                        throw;
                    }

                    Complete(pending, buffer.Memory, buffer);
                    continue;
                }

                var frame = new byte[size];
                head.AsSpan(4, 4).CopyTo(frame);
                await _stream.ReadExactlyAsync(frame.AsMemory(4), _closing.Token).ConfigureAwait(false);
                Complete(pending, frame, null);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Fault(ex);
        }
    }

    private void Complete(PendingRequest pending, ReadOnlyMemory<byte> frame, ResponseBuffer? buffer)
    {
        IKafkaApiMessage response;
        try
        {
            response = ResponseFrame.Read(frame, pending.ApiKey, pending.Version, out _);
        }
        catch (ProtocolException ex)
        {
            buffer?.Release();
            pending.Completion.TrySetException(new KafkaException(new Error(ErrorCode.Local_BadMsg, $"Malformed {pending.ApiKey} response from {Address}: {ex.Message}"), ex));
            return;
        }

        pending.SetBuffer(buffer);
        if (!pending.Completion.TrySetResult(response))
        {
            pending.TakeBuffer()?.Release();
        }
    }

    private async Task SkipAsync(int length)
    {
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Min(length, 64 * 1024));
        try
        {
            while (length > 0)
            {
                var step = Math.Min(length, scratch.Length);
                await _stream.ReadExactlyAsync(scratch.AsMemory(0, step), _closing.Token).ConfigureAwait(false);
                length -= step;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private void Fault(Exception ex)
    {
        _fault ??= ex;
        foreach (var (id, pending) in _pending)
        {
            if (_pending.TryRemove(id, out _))
            {
                pending.Completion.TrySetException(new KafkaException(new Error(ErrorCode.Local_Transport, $"Connection to {Address} failed: {ex.Message}"), ex));
            }
        }
    }

    private sealed class PendingRequest(ApiKey apiKey, short version)
    {
        public ApiKey ApiKey { get; } = apiKey;

        public short Version { get; } = version;

        public TaskCompletionSource<IKafkaApiMessage> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Whether the response frame goes into a pooled buffer the caller releases.</summary>
        public bool Pooled { get; init; }

        private ResponseBuffer? _buffer;

        /// <summary>Stores the pooled frame before the completion; whoever takes it releases it.</summary>
        public void SetBuffer(ResponseBuffer? buffer) => Volatile.Write(ref _buffer, buffer);

        public ResponseBuffer? TakeBuffer() => Interlocked.Exchange(ref _buffer, null);
    }
}
