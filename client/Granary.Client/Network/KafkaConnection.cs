// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Granary.Protocol;
using Granary.Protocol.Framing;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;

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
    /// Writes a request and returns once it is on the socket, with a task for its response: a caller that awaits
    /// each write before the next keeps its requests in order on the wire while their responses are outstanding
    /// together (the producer pipelines up to max.in.flight batches of a partition this way).
    /// </summary>
    public async Task<Task<TResponse>> BeginSendAsync<TResponse>(IKafkaApiMessage request, short version, TimeSpan timeout, CancellationToken cancellationToken)
        where TResponse : class, IKafkaApiMessage
    {
        var correlationId = Interlocked.Increment(ref _nextCorrelationId);
        var pending = new PendingRequest(request.ApiKey, version);
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

        return AwaitResponseAsync<TResponse>(correlationId, pending, request.ApiKey, timeout, cancellationToken);
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
        _closing.Dispose();
        _writeLock.Dispose();
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

        using var buffer = new PooledBufferWriter(512);
        RequestFrame.Write(buffer, version, correlationId, _clientId, request);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
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
        var sizeBuffer = new byte[4];
        try
        {
            while (true)
            {
                await _stream.ReadExactlyAsync(sizeBuffer, _closing.Token).ConfigureAwait(false);
                var size = BinaryPrimitives.ReadInt32BigEndian(sizeBuffer);
                if (size < 4 || size > _maxResponseBytes)
                {
                    throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Response frame size {size} is outside 4..{_maxResponseBytes} (receive.message.max.bytes).");
                }

                var frame = new byte[size];
                await _stream.ReadExactlyAsync(frame, _closing.Token).ConfigureAwait(false);
                var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame);
                if (!_pending.TryGetValue(correlationId, out var pending))
                {
                    // A response nobody waits for (its request timed out) is dropped; the stream is still in sync.
                    continue;
                }

                try
                {
                    pending.Completion.TrySetResult(ResponseFrame.Read(frame, pending.ApiKey, pending.Version, out _));
                }
                catch (ProtocolException ex)
                {
                    pending.Completion.TrySetException(new KafkaException(new Error(ErrorCode.Local_BadMsg, $"Malformed {pending.ApiKey} response from {Address}: {ex.Message}"), ex));
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Fault(ex);
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
    }
}
