// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Text;
using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Xunit;

namespace Granary.IntegrationTests.Security;

/// <summary>The SASL listeners at the protocol level: the pre-authentication gate, v0 raw tokens, SCRAM and failures.</summary>
public sealed class SaslListenerTests : IClassFixture<SecureSilo>
{
    private readonly SecureSilo _silo;

    public SaslListenerTests(SecureSilo silo) => _silo = silo;

    [Fact]
    public async Task Produce_before_authentication_closes_the_connection_and_stores_nothing()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.SaslPlaintextPort);
        await connection.SendAsync(RawKafkaConnection.ApiVersionsRequest(1));
        Assert.NotNull(await connection.ReadFrameAsync());

        var body = new KafkaWriter();
        body.WriteNullableString(null, compact: false);
        body.WriteInt16(1);
        body.WriteInt32(5000);
        body.WriteArrayLength(1, compact: false);
        body.WriteString("unauthenticated", compact: false);
        body.WriteArrayLength(1, compact: false);
        body.WriteInt32(0);
        body.WriteBytes(new byte[80], compact: false);
        await connection.SendAsync(RawKafkaConnection.Request(0, 3, 2, body.WrittenMemory.Span));

        Assert.True(await connection.IsClosedBySiloAsync());
        Assert.False(Directory.Exists(Path.Combine(_silo.DataDirectory, "unauthenticated-0")));
    }

    [Fact]
    public async Task Metadata_before_authentication_closes_the_connection()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.SaslPlaintextPort);
        var body = new KafkaWriter();
        body.WriteArrayLength(-1, compact: false);
        await connection.SendAsync(RawKafkaConnection.Request(3, 1, 1, body.WrittenMemory.Span));
        Assert.True(await connection.IsClosedBySiloAsync());
    }

    [Fact]
    public async Task Handshake_v0_then_a_raw_PLAIN_token_authenticates_and_requests_are_served()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.SaslPlaintextPort);
        var handshake = await HandshakeAsync(connection, "PLAIN", version: 0);
        Assert.Equal(0, handshake.ErrorCode);
        Assert.Contains("SCRAM-SHA-256", handshake.Mechanisms);

        await connection.SendAsync(RawToken(Encoding.UTF8.GetBytes($"\0{SecureSilo.PlainUser}\0{SecureSilo.PlainPassword}")));
        var answer = await connection.ReadFrameAsync();
        Assert.NotNull(answer);
        Assert.Empty(answer);

        var body = new KafkaWriter();
        body.WriteArrayLength(-1, compact: false);
        await connection.SendAsync(RawKafkaConnection.Request(3, 1, 7, body.WrittenMemory.Span));
        var metadata = await connection.ReadFrameAsync();
        Assert.NotNull(metadata);
        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(metadata));
    }

    [Fact]
    public async Task Handshake_v0_with_a_wrong_password_closes_without_an_answer()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.SaslPlaintextPort);
        Assert.Equal(0, (await HandshakeAsync(connection, "PLAIN", version: 0)).ErrorCode);
        await connection.SendAsync(RawToken(Encoding.UTF8.GetBytes($"\0{SecureSilo.PlainUser}\0wrong")));
        Assert.Null(await connection.ReadFrameAsync());
    }

    [Theory]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-512")]
    public async Task Scram_exchange_succeeds_and_the_server_proves_it_knows_the_credential(string mechanism)
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.SaslPlaintextPort);
        Assert.Equal(0, (await HandshakeAsync(connection, mechanism, version: 1)).ErrorCode);
        var client = new TestScramClient(mechanism, SecureSilo.ScramUser, SecureSilo.ScramPassword);

        var first = await AuthenticateAsync(connection, Encoding.UTF8.GetBytes(client.ClientFirst), 1);
        Assert.Equal(0, first.ErrorCode);
        var final = await AuthenticateAsync(connection, Encoding.UTF8.GetBytes(client.ClientFinal(Encoding.UTF8.GetString(first.AuthBytes.Span))), 2);
        Assert.Equal(0, final.ErrorCode);
        Assert.True(client.VerifyServerFinal(Encoding.UTF8.GetString(final.AuthBytes.Span)));

        await connection.SendAsync(RawKafkaConnection.ApiVersionsRequest(3));
        Assert.NotNull(await connection.ReadFrameAsync());
    }

    [Theory]
    [InlineData(SecureSilo.ScramUser, "wrong-password")]
    [InlineData("nobody", SecureSilo.ScramPassword)]
    public async Task Scram_with_a_wrong_password_or_user_fails_with_the_same_answer_and_closes(string user, string password)
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.SaslPlaintextPort);
        Assert.Equal(0, (await HandshakeAsync(connection, "SCRAM-SHA-256", version: 1)).ErrorCode);
        var client = new TestScramClient("SCRAM-SHA-256", user, password);
        var first = await AuthenticateAsync(connection, Encoding.UTF8.GetBytes(client.ClientFirst), 1);
        Assert.Equal(0, first.ErrorCode);
        var final = await AuthenticateAsync(connection, Encoding.UTF8.GetBytes(client.ClientFinal(Encoding.UTF8.GetString(first.AuthBytes.Span))), 2);

        Assert.Equal((short)KafkaErrorCode.SaslAuthenticationFailed, final.ErrorCode);
        Assert.Equal("Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256", final.ErrorMessage);
        Assert.True(await connection.IsClosedBySiloAsync());
    }

    [Fact]
    public async Task Plain_with_a_wrong_password_answers_SASL_AUTHENTICATION_FAILED_and_closes()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.SaslPlaintextPort);
        Assert.Equal(0, (await HandshakeAsync(connection, "PLAIN", version: 1)).ErrorCode);
        var answer = await AuthenticateAsync(connection, Encoding.UTF8.GetBytes($"\0{SecureSilo.PlainUser}\0nope"), 1);
        Assert.Equal((short)KafkaErrorCode.SaslAuthenticationFailed, answer.ErrorCode);
        Assert.DoesNotContain("password", answer.ErrorMessage ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        Assert.True(await connection.IsClosedBySiloAsync());
    }

    [Fact]
    public async Task An_unsupported_mechanism_lists_the_enabled_ones_and_closes()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.SaslPlaintextPort);
        var handshake = await HandshakeAsync(connection, "GSSAPI", version: 1);
        Assert.Equal((short)KafkaErrorCode.UnsupportedSaslMechanism, handshake.ErrorCode);
        Assert.Equal(["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"], handshake.Mechanisms);
        Assert.True(await connection.IsClosedBySiloAsync());
    }

    [Fact]
    public async Task SaslAuthenticate_without_a_handshake_is_an_illegal_state()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.SaslPlaintextPort);
        var answer = await AuthenticateAsync(connection, [1, 2, 3], 1);
        Assert.Equal((short)KafkaErrorCode.IllegalSaslState, answer.ErrorCode);
        Assert.True(await connection.IsClosedBySiloAsync());
    }

    [Fact]
    public async Task SaslHandshake_on_a_plaintext_listener_is_an_illegal_state()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.PlaintextPort);
        Assert.Equal((short)KafkaErrorCode.IllegalSaslState, (await HandshakeAsync(connection, "PLAIN", version: 1)).ErrorCode);
    }

    [Fact]
    public async Task A_frame_larger_than_512_KiB_before_authentication_closes_the_connection()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.SaslPlaintextPort);
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, 600_000);
        await connection.SendAsync(prefix);
        Assert.True(await connection.IsClosedBySiloAsync());
    }

    [Fact]
    public async Task Garbage_SCRAM_tokens_fail_cleanly_and_the_silo_keeps_serving()
    {
        var random = new Random(5);
        for (var i = 0; i < 20; i++)
        {
            await using var connection = await RawKafkaConnection.ConnectAsync(_silo.SaslPlaintextPort);
            Assert.Equal(0, (await HandshakeAsync(connection, i % 2 == 0 ? "SCRAM-SHA-256" : "PLAIN", version: 1)).ErrorCode);
            var token = new byte[random.Next(0, 300)];
            random.NextBytes(token);
            if (i % 3 == 0)
            {
                token = Encoding.UTF8.GetBytes("n,,n=" + new string('=', i) + ",r=" + i);
            }

            var answer = await AuthenticateAsync(connection, token, 1);
            Assert.Equal((short)KafkaErrorCode.SaslAuthenticationFailed, answer.ErrorCode);
        }

        await using var check = await RawKafkaConnection.ConnectAsync(_silo.PlaintextPort);
        await check.SendAsync(RawKafkaConnection.ApiVersionsRequest(1));
        Assert.NotNull(await check.ReadFrameAsync());
    }

    [Fact]
    public async Task A_plaintext_client_on_the_TLS_port_is_closed_and_the_silo_keeps_serving()
    {
        await using (var connection = await RawKafkaConnection.ConnectAsync(_silo.SslPort))
        {
            await connection.SendAsync(RawKafkaConnection.ApiVersionsRequest(1));
            Assert.True(await connection.IsClosedBySiloAsync());
        }

        await using var check = await RawKafkaConnection.ConnectAsync(_silo.PlaintextPort);
        await check.SendAsync(RawKafkaConnection.ApiVersionsRequest(1));
        Assert.NotNull(await check.ReadFrameAsync());
    }

    private static byte[] RawToken(byte[] token)
    {
        var frame = new byte[token.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(frame, token.Length);
        token.CopyTo(frame, 4);
        return frame;
    }

    private static async Task<SaslHandshakeResponse> HandshakeAsync(RawKafkaConnection connection, string mechanism, short version)
    {
        var body = new KafkaWriter();
        body.WriteString(mechanism, compact: false);
        await connection.SendAsync(RawKafkaConnection.Request(17, version, 100, body.WrittenMemory.Span));
        var frame = await connection.ReadFrameAsync() ?? throw new InvalidOperationException("The silo closed the connection.");
        var reader = new KafkaReader(frame.AsMemory(4));
        var response = new SaslHandshakeResponse();
        response.Read(ref reader, version);
        return response;
    }

    private static async Task<SaslAuthenticateResponse> AuthenticateAsync(RawKafkaConnection connection, byte[] token, int correlationId)
    {
        var body = new KafkaWriter();
        body.WriteBytes(token, compact: false);
        await connection.SendAsync(RawKafkaConnection.Request(36, 1, correlationId, body.WrittenMemory.Span));
        var frame = await connection.ReadFrameAsync() ?? throw new InvalidOperationException("The silo closed the connection.");
        var reader = new KafkaReader(frame.AsMemory(4));
        var response = new SaslAuthenticateResponse();
        response.Read(ref reader, 1);
        return response;
    }
}
