// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Sees every record Consume returns and every commit's outcome.</summary>
/// <remarks>An exception thrown here is logged and swallowed: an interceptor never breaks consumption.</remarks>
public interface IConsumerInterceptor<TKey, TValue>
{
    /// <summary>Called on the Consume thread just before the result is returned to the application.</summary>
    void OnConsume(ConsumeResult<TKey, TValue> result);

    /// <summary>Called after every commit attempt (manual or automatic) with the per-partition outcome.</summary>
    void OnCommit(IReadOnlyList<TopicPartitionOffsetError> offsets, Error error);
}
