// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections;
using System.Reflection;
using System.Text;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;

namespace Granary.Protocol.Tests.Messages;

/// <summary>
/// Fills generated messages with seeded random values that are valid at a given version: only fields the version
/// carries get values, nulls only where the version allows them, unknown tagged fields only in flexible versions.
/// </summary>
public sealed class RandomMessageFactory
{
    private const int MaxDepth = 5;
    private readonly Random _random;

    public RandomMessageFactory(int seed) => _random = new Random(seed);

    public static IEnumerable<(Type Type, short Version)> AllMessageVersions()
    {
        foreach (var type in ApiMessages.MessageTypes)
        {
            var message = (IKafkaVersionedMessage)Activator.CreateInstance(type)!;
            for (var v = message.LowestSupportedVersion; v <= message.HighestSupportedVersion; v++)
            {
                yield return (type, v);
            }
        }
    }

    public IKafkaVersionedMessage Create(Type type, short version)
    {
        var message = (IKafkaVersionedMessage)Activator.CreateInstance(type)!;
        var flexible = message.FirstFlexibleVersion >= 0 && version >= message.FirstFlexibleVersion;
        Fill(message, version, flexible, 0);
        return message;
    }

    public void Fill(object message, short version, bool flexible, int depth)
    {
        foreach (var property in message.GetType().GetProperties())
        {
            var field = property.GetCustomAttribute<KafkaFieldAttribute>();
            if (field is null || !field.IsPresent(version))
            {
                continue;
            }

            if (field.Tag >= 0 && _random.Next(3) == 0)
            {
                continue;
            }

            var nullable = field.IsNullable(version);
            property.SetValue(message, Value(property.PropertyType, nullable, version, flexible, depth));
        }

        if (flexible && _random.Next(4) == 0)
        {
            var unknown = new List<RawTaggedField>();
            var tag = 1000 + _random.Next(50);
            for (var i = _random.Next(1, 3); i > 0; i--)
            {
                unknown.Add(new RawTaggedField(tag, Bytes(_random.Next(0, 6))));
                tag += 1 + _random.Next(200);
            }

            message.GetType().GetProperty(nameof(RequestHeader.UnknownTaggedFields))!.SetValue(message, unknown);
        }
    }

    private object? Value(Type type, bool nullable, short version, bool flexible, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var isReference = !type.IsValueType;
        if (nullable && (underlying is not null || isReference) && _random.Next(5) == 0)
        {
            return null;
        }

        type = underlying ?? type;
        if (type == typeof(bool))
        {
            return _random.Next(2) == 1;
        }

        if (type == typeof(sbyte))
        {
            return (sbyte)_random.Next(sbyte.MinValue, sbyte.MaxValue + 1);
        }

        if (type == typeof(short))
        {
            return (short)_random.Next(short.MinValue, short.MaxValue + 1);
        }

        if (type == typeof(ushort))
        {
            return (ushort)_random.Next(0, ushort.MaxValue + 1);
        }

        if (type == typeof(int))
        {
            return _random.Next(4) == 0 ? -1 : _random.Next(int.MinValue, int.MaxValue);
        }

        if (type == typeof(uint))
        {
            return (uint)_random.NextInt64(0, uint.MaxValue + 1L);
        }

        if (type == typeof(long))
        {
            return _random.NextInt64(long.MinValue, long.MaxValue);
        }

        if (type == typeof(double))
        {
            return (_random.NextDouble() - 0.5) * 1e9;
        }

        if (type == typeof(Guid))
        {
            return new Guid(Bytes(16));
        }

        if (type == typeof(string))
        {
            return RandomString();
        }

        if (type == typeof(ReadOnlyMemory<byte>))
        {
            return new ReadOnlyMemory<byte>(Bytes(_random.Next(0, 24)));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (IList)Activator.CreateInstance(type)!;
            var count = depth >= MaxDepth ? 0 : _random.Next(0, 4);
            var element = type.GetGenericArguments()[0];
            for (var i = 0; i < count; i++)
            {
                list.Add(Value(element, nullable: false, version, flexible, depth + 1));
            }

            return list;
        }

        if (typeof(IKafkaMessage).IsAssignableFrom(type))
        {
            var nested = Activator.CreateInstance(type)!;
            if (depth < MaxDepth)
            {
                Fill(nested, version, flexible, depth + 1);
            }

            return nested;
        }

        throw new NotSupportedException($"No random values for {type}.");
    }

    private string RandomString()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._ äöü€日本";
        var builder = new StringBuilder();
        for (var i = _random.Next(0, 12); i > 0; i--)
        {
            builder.Append(alphabet[_random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
