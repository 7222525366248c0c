// Copyright (c) Granary contributors. Licensed under the MIT License.

using Xunit;

namespace Granary.Client.Tests;

public class ValueTypeTests
{
    [Fact]
    public void Offset_special_values_have_librdkafka_numbers_and_names()
    {
        Assert.Equal(-2, Offset.Beginning.Value);
        Assert.Equal(-1, Offset.End.Value);
        Assert.Equal(-1000, Offset.Stored.Value);
        Assert.Equal(-1001, Offset.Unset.Value);
        Assert.Equal("Beginning [-2]", Offset.Beginning.ToString());
        Assert.Equal("End [-1]", Offset.End.ToString());
        Assert.Equal("Stored [-1000]", Offset.Stored.ToString());
        Assert.Equal("Unset [-1001]", Offset.Unset.ToString());
        Assert.Equal("42", new Offset(42).ToString());
        Assert.True(Offset.End.IsSpecial);
        Assert.False(new Offset(0).IsSpecial);
    }

    [Fact]
    public void Offset_arithmetic_comparison_and_conversions()
    {
        Offset o = 10L;
        Assert.Equal(new Offset(11), o + 1);
        Assert.True(o > new Offset(9));
        Assert.True(o <= 10);
        long back = o;
        Assert.Equal(10, back);
        Assert.Equal(new Offset(10).GetHashCode(), o.GetHashCode());
    }

    [Fact]
    public void Partition_any_is_minus_one()
    {
        Assert.Equal(-1, Partition.Any.Value);
        Assert.True(Partition.Any.IsSpecial);
        Assert.Equal("[Any]", Partition.Any.ToString());
        Assert.Equal("[3]", new Partition(3).ToString());
    }

    [Fact]
    public void TopicPartition_value_equality_ordering_and_text()
    {
        var a = new TopicPartition("t", 1);
        Assert.Equal(a, new TopicPartition("t", 1));
        Assert.True(a == new TopicPartition("t", 1));
        Assert.NotEqual(a, new TopicPartition("t", 2));
        Assert.Equal(new TopicPartition("t", 1).GetHashCode(), a.GetHashCode());
        Assert.Equal("t [1]", a.ToString());
        var sorted = new[] { new TopicPartition("b", 0), new TopicPartition("a", 2), new TopicPartition("a", 1) }.Order().ToArray();
        Assert.Equal([new TopicPartition("a", 1), new TopicPartition("a", 2), new TopicPartition("b", 0)], sorted);
    }

    [Fact]
    public void TopicPartitionOffset_and_errors_format_like_confluent()
    {
        var tpo = new TopicPartitionOffset("t", 0, Offset.Beginning);
        Assert.Equal("t [0] @Beginning [-2]", tpo.ToString());
        Assert.Equal(new TopicPartition("t", 0), tpo.TopicPartition);
        var tpoe = new TopicPartitionOffsetError(tpo, new Error(ErrorCode.OffsetOutOfRange));
        Assert.Equal(tpo, tpoe.TopicPartitionOffset);
        Assert.True(tpoe.Error.IsBrokerError);
    }

    [Fact]
    public void Timestamp_round_trips_through_DateTime_as_utc()
    {
        var dt = new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);
        var ts = new Timestamp(dt);
        Assert.Equal(TimestampType.CreateTime, ts.Type);
        Assert.Equal(1714979289123, ts.UnixTimestampMs);
        Assert.Equal(dt, ts.UtcDateTime);
        Assert.Equal(0, Timestamp.Default.UnixTimestampMs);
        Assert.Equal(TimestampType.NotAvailable, Timestamp.Default.Type);
        Assert.Equal(ts, new Timestamp(new DateTimeOffset(dt)));
    }

    [Fact]
    public void Error_codes_use_confluent_numbers()
    {
        Assert.Equal(-192, (int)ErrorCode.Local_MsgTimedOut);
        Assert.Equal(-199, (int)ErrorCode.Local_BadMsg);
        Assert.Equal(-187, (int)ErrorCode.Local_AllBrokersDown);
        Assert.Equal(-162, (int)ErrorCode.Local_KeySerialization);
        Assert.Equal(3, (int)ErrorCode.UnknownTopicOrPart);
        Assert.Equal(45, (int)ErrorCode.OutOfOrderSequenceNumber);
        var e = new Error(ErrorCode.Local_MsgTimedOut);
        Assert.True(e.IsLocalError);
        Assert.False(e.IsBrokerError);
        Assert.True(e.IsError);
        Assert.Equal("Local: Message timed out", e.Reason);
        Assert.False(new Error(ErrorCode.NoError).IsError);
        var ex = new KafkaException(ErrorCode.Local_AllBrokersDown);
        Assert.Equal(ErrorCode.Local_AllBrokersDown, ex.Error.Code);
    }

    [Fact]
    public void Headers_keep_order_and_duplicates()
    {
        var headers = new Headers { { "a", [1] }, { "b", null }, { "a", [2] } };
        Assert.Equal(3, headers.Count);
        Assert.Equal(new byte[] { 2 }, headers.GetLastBytes("a"));
        Assert.True(headers.TryGetLastBytes("b", out var b));
        Assert.Null(b);
        Assert.Throws<KeyNotFoundException>(() => headers.GetLastBytes("c"));
        headers.Remove("a");
        Assert.Equal(["b"], headers.Select(h => h.Key));
    }

    [Fact]
    public void DeliveryReport_exposes_message_fields()
    {
        var report = new DeliveryReport<string, string>
        {
            Message = new Message<string, string> { Key = "k", Value = "v" },
            TopicPartitionOffset = new TopicPartitionOffset("t", 2, 7),
            Status = PersistenceStatus.Persisted,
        };
        Assert.Equal("k", report.Key);
        Assert.Equal("v", report.Value);
        Assert.Equal(new TopicPartition("t", 2), report.TopicPartition);
        Assert.Equal(new Offset(7), report.Offset);
        Assert.False(report.Error.IsError);
    }
}
