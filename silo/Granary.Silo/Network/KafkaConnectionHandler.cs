// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Threading.Channels;
using Granary.Silo.Configuration;
using Granary.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Network;

/// <summary>
/// Kestrel connection middleware for the Kafka port: reads size-prefixed frames, hands each to the
/// <see cref="IFrameDispatcher"/> while reading ahead (pipelining), and writes results back in request order.
/// </summary>
/// <remarks>
/// The declared size is checked against socket.request.max.bytes before anything is allocated, and the frame is
/// copied out of the pipe as it arrives, so a frame larger than Kestrel's pipe threshold never stalls the reader.
/// A bad size or a dispatcher failure closes that connection only, with one log line.
/// </remarks>
public sealed partial class KafkaConnectionHandler : ConnectionHandler
{
    private const string ConnectionClosingReason = "connection closing";

    private const int SizePrefixLength = 4;

    /// <summary>Bytes of unfinished request frames one connection may hold (a quarter of the frame pool's idle slots).</summary>
    internal static readonly long ReadAheadLimitBytes = RequestFramePool.Shared.RetainedBytesLimit / 4;

    private readonly IFrameDispatcher _dispatcher;
    private readonly BrokerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<KafkaConnectionHandler> _logger;

    public KafkaConnectionHandler(
        IFrameDispatcher dispatcher,
        IOptions<BrokerOptions> options,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        ILogger<KafkaConnectionHandler> logger)
    {
        _dispatcher = dispatcher;
        _options = options.Value;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = logger;
    }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var info = ListenerConnection.Describe(connection);
        LogConnected(info.ConnectionId, info.RemoteEndPoint?.ToString());

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, _lifetime.ApplicationStopping);
        var pending = Channel.CreateBounded<Task<FrameResult>>(new BoundedChannelOptions(_options.QueuedMaxRequests)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        var writing = WriteResultsAsync(connection.Transport.Output, pending.Reader, info, stop);
        try
        {
            await ReadFramesAsync(connection.Transport.Input, pending.Writer, info, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Closed by the writer (Close result), the peer, the idle timer or shutdown.
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException)
        {
            LogTransportError(info.ConnectionId, ex.Message);
        }
        finally
        {
            pending.Writer.TryComplete();
        }

        await writing;
        await stop.CancelAsync();
        while (pending.Reader.TryRead(out var orphan))
        {
            _ = orphan.ContinueWith(static t => t.Result.Response?.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }

        await connection.Transport.Input.CompleteAsync();
        await connection.Transport.Output.CompleteAsync();
        LogDisconnected(info.ConnectionId);
    }

    private async Task ReadFramesAsync(PipeReader input, ChannelWriter<Task<FrameResult>> pending, ClientConnection info, CancellationToken stop)
    {
        var idleMs = _options.ConnectionsMaxIdleMs;
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var readCancellation = CancellationTokenSource.CreateLinkedTokenSource(stop, idle.Token);
        var maxSize = _options.SocketRequestMaxBytes;
        var budget = new ReadAheadBudget(ReadAheadLimitBytes);
        RequestFrame? frame = null;
        var filled = 0;
        try
        {
            while (true)
            {
                if (idleMs >= 0)
                {
                    idle.CancelAfter(TimeSpan.FromMilliseconds(idleMs));
                }

                ReadResult result;
                try
                {
                    result = await input.ReadAsync(readCancellation.Token);
                }
                catch (OperationCanceledException) when (idle.IsCancellationRequested && !stop.IsCancellationRequested)
                {
                    LogIdleClosed(info.ConnectionId, idleMs);
                    return;
                }

                var buffer = result.Buffer;
                while (true)
                {
                    if (frame is null)
                    {
                        if (buffer.Length < SizePrefixLength)
                        {
                            break;
                        }

                        var size = ReadSize(buffer);
                        if (size <= 0 || size > ListenerConnection.MaxFrameBytes(info, maxSize))
                        {
                            LogBadFrameSize(info.ConnectionId, info.RemoteEndPoint?.ToString(), size, maxSize);
                            input.AdvanceTo(buffer.End);
                            return;
                        }

                        buffer = buffer.Slice(SizePrefixLength);
                        await budget.TakeAsync(size, stop);
                        frame = RequestFrame.Rent(size);
                        filled = 0;
                    }

                    var take = (int)Math.Min(buffer.Length, frame.Length - filled);
                    buffer.Slice(0, take).CopyTo(frame.Writable.Span[filled..]);
                    buffer = buffer.Slice(take);
                    filled += take;
                    if (filled < frame.Length)
                    {
                        break;
                    }

                    var complete = frame;
                    frame = null;
                    await pending.WriteAsync(DispatchAsync(complete, budget, info, stop), stop);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    if (frame is not null || !buffer.IsEmpty)
                    {
                        LogTruncatedFrame(info.ConnectionId);
                    }

                    return;
                }
            }
        }
        finally
        {
            frame?.Dispose();
        }
    }

    private async Task<FrameResult> DispatchAsync(RequestFrame frame, ReadAheadBudget budget, ClientConnection info, CancellationToken cancellationToken)
    {
        try
        {
            return await _dispatcher.DispatchAsync(frame, info, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return FrameResult.Close(ConnectionClosingReason);
        }
        catch (Exception ex)
        {
            LogDispatchFailed(info.ConnectionId, ex.GetType().Name, ex.Message);
            return FrameResult.Close("request failed");
        }
        finally
        {
            var length = frame.Length;
            frame.Dispose();
            budget.Release(length);
        }
    }

    private async Task WriteResultsAsync(PipeWriter output, ChannelReader<Task<FrameResult>> pending, ClientConnection info, CancellationTokenSource stop)
    {
        try
        {
            while (await pending.WaitToReadAsync(stop.Token))
            {
                while (pending.TryRead(out var next))
                {
                    var result = await next;
                    if (result.Kind == FrameResultKind.Close)
                    {
                        // A request cancelled because the connection is already going away (the client hung up
                        // during a long poll) is the normal end of a connection, not a warning.
                        if (result.CloseReason == ConnectionClosingReason)
                        {
                            LogClosedDuringRequest(info.ConnectionId, info.RemoteEndPoint?.ToString());
                        }
                        else
                        {
                            LogClosing(info.ConnectionId, info.RemoteEndPoint?.ToString(), result.CloseReason);
                        }

                        await output.FlushAsync(stop.Token);
                        await stop.CancelAsync();
                        return;
                    }

                    if (result.Response is { } response)
                    {
                        using (response)
                        {
                            var prefix = output.GetSpan(SizePrefixLength);
                            BinaryPrimitives.WriteInt32BigEndian(prefix, response.WrittenCount);
                            output.Advance(SizePrefixLength);
                            if (!await WriteResponseAsync(output, response, info, stop.Token))
                            {
                                await stop.CancelAsync();
                                return;
                            }
                        }
                    }

                    if (result.Kind == FrameResultKind.RespondAndClose)
                    {
                        LogClosing(info.ConnectionId, info.RemoteEndPoint?.ToString(), result.CloseReason);
                        await output.FlushAsync(stop.Token);
                        await stop.CancelAsync();
                        return;
                    }

                    // Flush once the queue has nothing ready, so pipelined responses share one send.
                    if (!pending.TryPeek(out var following) || !following.IsCompleted)
                    {
                        var flush = await output.FlushAsync(stop.Token);
                        if (flush.IsCompleted)
                        {
                            await stop.CancelAsync();
                            return;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection is going away; nothing more to send.
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException or InvalidOperationException)
        {
            LogTransportError(info.ConnectionId, ex.Message);
            await stop.CancelAsync();
        }
    }

    /// <summary>Writes one response body; false when the connection must close (peer gone, or fetched bytes unreadable mid-response).</summary>
    private async ValueTask<bool> WriteResponseAsync(PipeWriter output, ResponseBuffer response, ClientConnection info, CancellationToken cancellationToken)
    {
        try
        {
            return await response.WriteToAsync(output, cancellationToken);
        }
        catch (LogException ex)
        {
            // The size prefix is already out: the only consistent thing left is to close, and the client refetches.
            LogResponseReadFailed(info.ConnectionId, ex.Message);
            return false;
        }
    }

    private static int ReadSize(ReadOnlySequence<byte> buffer)
    {
        Span<byte> size = stackalloc byte[SizePrefixLength];
        buffer.Slice(0, SizePrefixLength).CopyTo(size);
        return BinaryPrimitives.ReadInt32BigEndian(size);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Connection {ConnectionId} opened from {RemoteEndPoint}")]
    private partial void LogConnected(string connectionId, string? remoteEndPoint);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed")]
    private partial void LogDisconnected(string connectionId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "Closing connection {ConnectionId} from {RemoteEndPoint}: frame size {Size} is outside [1, {MaxSize}] (socket.request.max.bytes)")]
    private partial void LogBadFrameSize(string connectionId, string? remoteEndPoint, int size, int maxSize);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Closing connection {ConnectionId} from {RemoteEndPoint}: {Reason}")]
    private partial void LogClosing(string connectionId, string? remoteEndPoint, string? reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Debug, Message = "Connection {ConnectionId} from {RemoteEndPoint} closed while a request was in progress")]
    private partial void LogClosedDuringRequest(string connectionId, string? remoteEndPoint);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Request on connection {ConnectionId} failed with {ExceptionType}: {Detail}")]
    private partial void LogDispatchFailed(string connectionId, string exceptionType, string detail);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Connection {ConnectionId} transport error: {Detail}")]
    private partial void LogTransportError(string connectionId, string detail);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Closing connection {ConnectionId}: idle for {IdleMs} ms (connections.max.idle.ms)")]
    private partial void LogIdleClosed(string connectionId, long idleMs);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "Closing connection {ConnectionId}: fetched records could not be read while sending the response ({Detail})")]
    private partial void LogResponseReadFailed(string connectionId, string detail);

    [LoggerMessage(EventId = 107, Level = LogLevel.Debug, Message = "Connection {ConnectionId} ended in the middle of a frame")]
    private partial void LogTruncatedFrame(string connectionId);
}
