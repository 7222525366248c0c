// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Handlers;

/// <summary>Kafka's topic name rules (org.apache.kafka.common.internals.Topic).</summary>
public static class TopicNames
{
    /// <summary>Kafka's limit on a topic name's length.</summary>
    public const int MaxLength = 249;

    /// <summary>Non-empty, at most 249 characters of [a-zA-Z0-9._-], and not "." or "..".</summary>
    public static bool IsValid(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxLength || name is "." or "..")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The internal topics, which only their coordinators create.</summary>
    public static bool IsInternal(string name) => name is "__consumer_offsets" or "__transaction_state";
}
