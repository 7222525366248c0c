// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Messages;

/// <summary>What the catalog knows about one API: its versions, its flexible versions and its message types.</summary>
public sealed class ApiMessageInfo
{
    private readonly Func<IKafkaApiMessage> _createRequest;
    private readonly Func<IKafkaApiMessage> _createResponse;

    public ApiMessageInfo(
        ApiKey apiKey,
        short lowestSupportedVersion,
        short highestSupportedVersion,
        short firstFlexibleVersion,
        bool latestVersionUnstable,
        Type requestType,
        Type responseType,
        Func<IKafkaApiMessage> createRequest,
        Func<IKafkaApiMessage> createResponse)
    {
        ApiKey = apiKey;
        LowestSupportedVersion = lowestSupportedVersion;
        HighestSupportedVersion = highestSupportedVersion;
        FirstFlexibleVersion = firstFlexibleVersion;
        LatestVersionUnstable = latestVersionUnstable;
        RequestType = requestType;
        ResponseType = responseType;
        _createRequest = createRequest;
        _createResponse = createResponse;
    }

    public ApiKey ApiKey { get; }

    public short LowestSupportedVersion { get; }

    public short HighestSupportedVersion { get; }

    /// <summary>The first version using compact encodings and tagged fields, or -1 when none does.</summary>
    public short FirstFlexibleVersion { get; }

    /// <summary>The spec marks its highest version as still under development.</summary>
    public bool LatestVersionUnstable { get; }

    public Type RequestType { get; }

    public Type ResponseType { get; }

    public bool IsSupported(short version) => version >= LowestSupportedVersion && version <= HighestSupportedVersion;

    public bool IsFlexible(short version) => FirstFlexibleVersion >= 0 && version >= FirstFlexibleVersion;

    /// <summary>Throws UNSUPPORTED_VERSION for a version outside the spec's range.</summary>
    public void EnsureSupported(short version)
    {
        if (!IsSupported(version))
        {
            throw new ProtocolException(
                KafkaErrorCode.UnsupportedVersion,
                $"{ApiKey} has no version {version} (valid: {LowestSupportedVersion}-{HighestSupportedVersion}).");
        }
    }

    public IKafkaApiMessage CreateRequest() => _createRequest();

    public IKafkaApiMessage CreateResponse() => _createResponse();

    /// <summary>
    /// The request header version for <paramref name="apiVersion"/>: 2 when flexible, 1 otherwise, and 0 only for
    /// ControlledShutdown v0 (the one request that predates the client id).
    /// </summary>
    public short RequestHeaderVersion(short apiVersion)
    {
        EnsureSupported(apiVersion);
        if (ApiKey == ApiKey.ControlledShutdown && apiVersion == 0)
        {
            return 0;
        }

        return IsFlexible(apiVersion) ? (short)2 : (short)1;
    }

    /// <summary>
    /// The response header version: 1 when flexible, 0 otherwise. ApiVersions always answers with v0, because a
    /// client that sent a version the broker does not know must still be able to parse the answer.
    /// </summary>
    public short ResponseHeaderVersion(short apiVersion)
    {
        EnsureSupported(apiVersion);
        if (ApiKey == ApiKey.ApiVersions)
        {
            return 0;
        }

        return IsFlexible(apiVersion) ? (short)1 : (short)0;
    }
}
