// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using Granary.Client;
using Granary.Streams.Delivery;

namespace Granary.Streams.Failures;

/// <summary>
/// Writes a record that exhausted its retries to "&lt;topic&gt;.dlq": same key and value, original headers, plus the
/// <see cref="DeadLetterHeaders"/>. Completes once the dead-letter record is acknowledged, so the original is only
/// committed past after its copy is durable.
/// </summary>
public sealed class DeadLetterWriter
{
    // A handler's exception message is unbounded text; the header keeps the start of it.
    private const int MaxMessageChars = 4096;

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _suffix;

    public DeadLetterWriter(IProducer<byte[], byte[]> producer, string suffix = ".dlq")
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentException.ThrowIfNullOrEmpty(suffix);
        _producer = producer;
        _suffix = suffix;
    }

    public async Task<TopicPartitionOffset> WriteAsync(StreamRecord record, Exception exception, int attempts, string? subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(exception);
        var headers = new Headers();
        foreach (var header in record.Headers)
        {
            if (!header.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        Add(headers, DeadLetterHeaders.OriginalTopic, record.Topic);
        Add(headers, DeadLetterHeaders.OriginalPartition, record.Partition.ToString(CultureInfo.InvariantCulture));
        Add(headers, DeadLetterHeaders.OriginalOffset, record.Offset.ToString(CultureInfo.InvariantCulture));
        Add(headers, DeadLetterHeaders.OriginalTimestamp, record.Timestamp.UnixTimestampMs.ToString(CultureInfo.InvariantCulture));
        Add(headers, DeadLetterHeaders.ExceptionType, exception.GetType().FullName ?? exception.GetType().Name);
        var message = exception.Message.Length > MaxMessageChars ? exception.Message[..MaxMessageChars] : exception.Message;
        Add(headers, DeadLetterHeaders.ExceptionMessage, message);
        Add(headers, DeadLetterHeaders.AttemptCount, attempts.ToString(CultureInfo.InvariantCulture));
        if (subscription is not null)
        {
            Add(headers, DeadLetterHeaders.Subscription, subscription);
        }

        var result = await _producer.ProduceAsync(
            DeadLetterHeaders.TopicFor(record.Topic, _suffix),
            new Message<byte[], byte[]> { Key = record.Key!, Value = record.Value!, Headers = headers, Timestamp = record.Timestamp },
            cancellationToken).ConfigureAwait(false);
        return result.TopicPartitionOffset;
    }

    private static void Add(Headers headers, string key, string value) => headers.Add(key, Encoding.UTF8.GetBytes(value));
}
