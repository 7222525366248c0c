// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Granary.Protocol.Generator;

/// <summary>Parses Kafka's JSON message specs, which carry <c>//</c> comments that plain JSON does not allow.</summary>
public static class SpecReader
{
    private static readonly HashSet<string> ReservedMemberNames =
    [
        "Read", "Write", "ApiKey", "LowestSupportedVersion", "HighestSupportedVersion", "UnknownTaggedFields", "IsDefaultStruct",
    ];

    /// <summary>Removes <c>//</c> comments, whole-line or trailing, leaving <c>//</c> inside string literals alone.</summary>
    public static string StripComments(string json)
    {
        var output = new StringBuilder(json.Length);
        foreach (var line in json.Split('\n'))
        {
            var inString = false;
            var cut = line.Length;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }
                }
                else if (c == '"')
                {
                    inString = true;
                }
                else if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
                {
                    cut = i;
                    break;
                }
            }

            output.Append(line.AsSpan(0, cut).TrimEnd()).Append('\n');
        }

        return output.ToString();
    }

    /// <summary>Returns the spec's "type" (request, response, header, data, metadata...).</summary>
    public static string ReadKind(string json)
    {
        using var document = Parse(json);
        return document.RootElement.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";
    }

    public static MessageSpec ReadMessage(string fileName, string json)
    {
        using var document = Parse(json);
        var root = document.RootElement;
        var structs = new List<StructSpec>();
        var fields = ReadFields(root.GetProperty("fields"), structs);
        if (root.TryGetProperty("commonStructs", out var common))
        {
            foreach (var item in common.EnumerateArray())
            {
                var name = item.GetProperty("name").GetString()!;
                structs.Add(new StructSpec { SpecName = name, ClassName = name, Fields = ReadFields(item.GetProperty("fields"), structs) });
            }
        }

        var spec = new MessageSpec
        {
            FileName = fileName,
            Name = root.GetProperty("name").GetString()!,
            Kind = root.GetProperty("type").GetString()!,
            ApiKey = root.TryGetProperty("apiKey", out var apiKey) ? (short)Number(apiKey) : null,
            ValidVersions = VersionRange.Parse(root.GetProperty("validVersions").GetString()),
            FlexibleVersions = VersionRange.Parse(root.TryGetProperty("flexibleVersions", out var flexible) ? flexible.GetString() : "none"),
            LatestVersionUnstable = root.TryGetProperty("latestVersionUnstable", out var unstable) && unstable.GetBoolean(),
            Fields = fields,
            Structs = structs,
        };
        AssignClassNames(spec);
        return spec;
    }

    private static JsonDocument Parse(string json) =>
        JsonDocument.Parse(StripComments(json), new JsonDocumentOptions { AllowTrailingCommas = true });

    private static List<FieldSpec> ReadFields(JsonElement array, List<StructSpec> structs)
    {
        var fields = new List<FieldSpec>();
        foreach (var item in array.EnumerateArray())
        {
            var field = new FieldSpec
            {
                Name = item.GetProperty("name").GetString()!,
                Type = item.GetProperty("type").GetString()!.Trim(),
                Versions = VersionRange.Parse(item.TryGetProperty("versions", out var versions) ? versions.GetString() : "none"),
                NullableVersions = VersionRange.Parse(Text(item, "nullableVersions")),
                TaggedVersions = VersionRange.Parse(Text(item, "taggedVersions")),
                FlexibleVersions = item.TryGetProperty("flexibleVersions", out var flexible) ? VersionRange.Parse(flexible.GetString()) : null,
                Tag = item.TryGetProperty("tag", out var tag) ? Number(tag) : null,
                Ignorable = item.TryGetProperty("ignorable", out var ignorable) && ignorable.GetBoolean(),
                Default = item.TryGetProperty("default", out var value) ? DefaultText(value) : null,
                About = Text(item, "about"),
            };
            fields.Add(field);
            if (item.TryGetProperty("fields", out var nested))
            {
                // Reserve the struct's slot before its children so the order reads top-down.
                var index = structs.Count;
                structs.Add(null!);
                structs[index] = new StructSpec { SpecName = field.ElementType, ClassName = field.ElementType, Fields = ReadFields(nested, structs) };
            }
        }

        return fields;
    }

    private static int Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? int.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt32();

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string DefaultText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => throw new InvalidDataException($"Unsupported default {value.GetRawText()}."),
    };

    /// <summary>
    /// All structs become classes nested directly in the message class; a struct whose name a property would shadow
    /// (a field "Cursor" of type "Cursor") gets a "Data" suffix.
    /// </summary>
    private static void AssignClassNames(MessageSpec spec)
    {
        var taken = new HashSet<string>(ReservedMemberNames) { spec.Name };
        foreach (var field in spec.Fields)
        {
            taken.Add(field.Name);
        }

        foreach (var structSpec in spec.Structs)
        {
            var own = new HashSet<string>(structSpec.Fields.Select(f => f.Name));
            var name = structSpec.SpecName;
            while (taken.Contains(name) || own.Contains(name))
            {
                name += "Data";
            }

            structSpec.ClassName = name;
            taken.Add(name);
        }

    }
}
