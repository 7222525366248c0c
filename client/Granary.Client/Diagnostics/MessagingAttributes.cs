// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Diagnostics;

/// <summary>The OpenTelemetry messaging semantic-convention attribute names and values Granary uses.</summary>
public static class MessagingAttributes
{
    public const string System = "messaging.system";
    public const string SystemKafka = "kafka";
    public const string DestinationName = "messaging.destination.name";
    public const string PartitionId = "messaging.destination.partition.id";
    public const string ConsumerGroupName = "messaging.consumer.group.name";
    public const string MessageKey = "messaging.kafka.message.key";
    public const string Offset = "messaging.kafka.offset";
    public const string OperationType = "messaging.operation.type";
    public const string OperationName = "messaging.operation.name";
    public const string BatchMessageCount = "messaging.batch.message_count";
    public const string ErrorType = "error.type";
    public const string ServerAddress = "server.address";

    /// <summary>Values of messaging.operation.type.</summary>
    public const string OperationSend = "send";
    public const string OperationReceive = "receive";
    public const string OperationProcess = "process";
}
