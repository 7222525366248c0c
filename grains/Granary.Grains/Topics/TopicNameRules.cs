// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Topics;

/// <summary>Kafka's topic name rules (org.apache.kafka.common.internals.Topic).</summary>
public static class TopicNameRules
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

    /// <summary>Why <paramref name="name"/> is not a legal topic name, or null when it is.</summary>
    public static string? Explain(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "Topic name is illegal, it can't be empty";
        }

        if (name is "." or "..")
        {
            return "Topic name cannot be \".\" or \"..\"";
        }

        if (name.Length > MaxLength)
        {
            return $"Topic name is illegal, it can't be longer than {MaxLength} characters, topic name: {name}";
        }

        return IsValid(name)
            ? null
            : $"Topic name \"{name}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'";
    }

    /// <summary>The internal topics, which only their coordinators create.</summary>
    public static bool IsInternal(string name) => name is "__consumer_offsets" or "__transaction_state";

    /// <summary>
    /// Names that auto-creation must leave alone: the "__" prefix is reserved for internal topics, which their
    /// coordinators create with their own settings.
    /// </summary>
    public static bool IsReserved(string name) => name.StartsWith("__", StringComparison.Ordinal);

    /// <summary>'.' and '_' collide in metric names, so Kafka refuses a topic differing from another only by them.</summary>
    public static string CollisionKey(string name) => name.Replace('.', '_');
}
