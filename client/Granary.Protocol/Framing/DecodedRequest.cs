// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;

namespace Granary.Protocol.Framing;

/// <summary>A request frame taken apart: its header, the header version the catalog chose, and the body.</summary>
public sealed record DecodedRequest(RequestHeader Header, short HeaderVersion, ApiMessageInfo Api, IKafkaApiMessage Body)
{
    public short ApiVersion => Header.RequestApiVersion;
}
