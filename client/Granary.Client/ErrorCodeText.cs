// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Human-readable descriptions for error codes, used when no specific reason is given.</summary>
internal static class ErrorCodeText
{
    public static string Describe(ErrorCode code) => code switch
    {
        ErrorCode.NoError => "Success",
        ErrorCode.Local_MsgTimedOut => "Local: Message timed out",
        ErrorCode.Local_AllBrokersDown => "Local: All broker connections are down",
        ErrorCode.Local_Transport => "Local: Broker transport failure",
        ErrorCode.Local_TimedOut => "Local: Timed out",
        ErrorCode.Local_InvalidArg => "Local: Invalid argument or configuration",
        ErrorCode.Local_KeySerialization => "Local: Key serialization error",
        ErrorCode.Local_ValueSerialization => "Local: Value serialization error",
        ErrorCode.Local_KeyDeserialization => "Local: Key deserialization error",
        ErrorCode.Local_ValueDeserialization => "Local: Value deserialization error",
        ErrorCode.Local_UnknownPartition => "Local: Unknown partition",
        ErrorCode.Local_UnknownTopic => "Local: Unknown topic",
        ErrorCode.Local_NotImplemented => "Local: Not implemented",
        ErrorCode.Local_QueueFull => "Local: Queue full",
        ErrorCode.Local_Destroy => "Local: Broker handle destroyed",
        ErrorCode.Local_Fatal => "Local: Fatal error",
        ErrorCode.Local_State => "Local: Erroneous state",
        ErrorCode.UnknownTopicOrPart => "Broker: Unknown topic or partition",
        ErrorCode.NotLeaderForPartition => "Broker: Not leader for partition",
        ErrorCode.MsgSizeTooLarge => "Broker: Message size too large",
        ErrorCode.RequestTimedOut => "Broker: Request timed out",
        ErrorCode.LeaderNotAvailable => "Broker: Leader not available",
        ErrorCode.OutOfOrderSequenceNumber => "Broker: Broker received an out of order sequence number",
        _ => (int)code < -1 ? $"Local: {code.ToString().Replace("Local_", string.Empty, StringComparison.Ordinal)}" : $"Broker: {code}",
    };
}
