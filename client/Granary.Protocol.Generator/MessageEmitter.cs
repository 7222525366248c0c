// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;

namespace Granary.Protocol.Generator;

/// <summary>Writes the C# class for one message spec, its nested structs included.</summary>
public sealed class MessageEmitter
{
    private const string Flexible = "flexible";
    private readonly MessageSpec _spec;
    private readonly CodeBuilder _code = new();

    public MessageEmitter(MessageSpec spec) => _spec = spec;

    private VersionRange Context => _spec.ValidVersions;

    public static string Emit(MessageSpec spec, string header) => new MessageEmitter(spec).EmitFile(header);

    /// <summary>The fewest bytes one encoded <paramref name="structSpec"/> can take at the versions in <paramref name="where"/>.</summary>
    public int MinStructSize(StructSpec structSpec, VersionRange where)
    {
        var range = where.Intersect(Context);
        var min = range.IsEmpty ? 1 : int.MaxValue;
        for (var v = range.Lowest; v <= range.Highest; v++)
        {
            min = Math.Min(min, MinSize(structSpec.Fields, v, 0));
        }

        return Math.Max(1, min);
    }

    private string EmitFile(string header)
    {
        _code.Line(header.TrimEnd('\n'));
        _code.Line("#nullable enable");
        _code.Line();
        _code.Line("using Granary.Protocol.Primitives;");
        _code.Line();
        _code.Line("namespace Granary.Protocol.Messages;");
        _code.Line();
        Summary($"Kafka's {_spec.Name} ({_spec.Kind}), versions {_spec.ValidVersions}, flexible from {_spec.FlexibleVersions}.");
        var isApi = _spec.Kind is "request" or "response";
        _code.Open($"public sealed class {_spec.Name} : {(isApi ? "IKafkaApiMessage" : "IKafkaVersionedMessage")}");
        if (isApi)
        {
            _code.Line($"public global::Granary.Protocol.ApiKey ApiKey => global::Granary.Protocol.ApiKey.{ApiName(_spec)};");
            _code.Line();
        }

        _code.Line($"public short LowestSupportedVersion => {Context.Lowest};");
        _code.Line();
        _code.Line($"public short HighestSupportedVersion => {Context.Highest};");
        _code.Line();
        var firstFlexible = _spec.FlexibleVersions.Intersect(Context);
        _code.Line($"public short FirstFlexibleVersion => {(firstFlexible.IsEmpty ? -1 : firstFlexible.Lowest)};");
        _code.Line();

        EmitBody(_spec.Fields, topLevel: true);
        foreach (var structSpec in _spec.Structs)
        {
            _code.Line();
            _code.Open($"public sealed class {structSpec.ClassName} : IKafkaMessage");
            EmitBody(structSpec.Fields, topLevel: false);
            _code.Line();
            var parts = structSpec.Fields.Select(f => "(" + IsDefault(f) + ")").Append("KafkaSerialization.HasNoUnknownTaggedFields(UnknownTaggedFields)");
            _code.Line($"public bool IsDefaultStruct() => {string.Join(" && ", parts)};");
            _code.Close();
        }

        _code.Close();
        return _code.ToString();
    }

    public static string ApiName(MessageSpec spec) =>
        spec.Name.EndsWith("Request", StringComparison.Ordinal) ? spec.Name[..^"Request".Length]
        : spec.Name.EndsWith("Response", StringComparison.Ordinal) ? spec.Name[..^"Response".Length]
        : spec.Name;

    private void EmitBody(IReadOnlyList<FieldSpec> fields, bool topLevel)
    {
        foreach (var field in fields)
        {
            if (field.About is { Length: > 0 } about)
            {
                Summary(about);
            }

            _code.Line(Attribute(field));
            _code.Line($"public {CSharpType(field)} {field.Name} {{ get; set; }}{Initializer(field)}");
            _code.Line();
        }

        Summary("Tagged fields this code does not know, kept so they survive a round trip.");
        _code.Line("public List<RawTaggedField>? UnknownTaggedFields { get; set; }");
        _code.Line();
        EmitRead(fields, topLevel);
        _code.Line();
        EmitWrite(fields, topLevel);
    }

    private void EmitRead(IReadOnlyList<FieldSpec> fields, bool topLevel)
    {
        _code.Open("public void Read(ref KafkaReader reader, short version)");
        if (topLevel)
        {
            _code.Line($"KafkaSerialization.CheckVersion(version, {Context.Lowest}, {Context.Highest}, \"{_spec.Name}\");");
        }

        var flexibleCondition = _spec.FlexibleVersions.Condition(Context);
        if (flexibleCondition is not ("true" or "false"))
        {
            _code.Line($"var {Flexible} = {flexibleCondition};");
        }

        foreach (var field in fields)
        {
            var condition = field.RegularVersions.Condition(Context);
            if (condition == "false")
            {
                continue;
            }

            var statement = $"{field.Name} = {ReadExpression(field, "reader", Compact(field), NullCondition(field, field.RegularVersions))};";
            _code.Line(condition == "true" ? statement : $"if ({condition}) {statement}");
        }

        var tagged = TaggedFields(fields);
        if (flexibleCondition != "false")
        {
            var guard = flexibleCondition == "true" ? null : $"if ({Flexible})";
            if (tagged.Count == 0)
            {
                var statement = "UnknownTaggedFields = KafkaSerialization.ReadUnknownTaggedFields(ref reader, UnknownTaggedFields);";
                _code.Line(guard is null ? statement : $"{guard} {statement}");
            }
            else
            {
                if (guard is not null)
                {
                    _code.Open(guard);
                }

                _code.Line("var taggedCount = reader.ReadTaggedFieldCount();");
                _code.Line("var previousTag = -1;");
                _code.Open("for (var i = 0; i < taggedCount; i++)");
                _code.Line("var tag = reader.ReadTaggedFieldHeader(ref previousTag, out var size);");
                _code.Open("switch (tag)");
                foreach (var field in tagged)
                {
                    var when = TaggedCondition(field);
                    _code.Line(when == "true" ? $"case {field.Tag}:" : $"case {field.Tag} when {when}:");
                    _code.Open("");
                    _code.Line("var tagReader = reader.ReadSubReader(size);");
                    _code.Line($"{field.Name} = {ReadExpression(field, "tagReader", "true", NullCondition(field, field.TaggedVersions))};");
                    _code.Line($"tagReader.EnsureAtEnd(\"{_spec.Name}.{field.Name}\");");
                    _code.Line("break;");
                    _code.Close();
                }

                _code.Line("default:");
                _code.Line("    UnknownTaggedFields = KafkaSerialization.AddUnknown(UnknownTaggedFields, tag, reader.ReadRawBytes(size));");
                _code.Line("    break;");
                _code.Close();
                _code.Close();
                if (guard is not null)
                {
                    _code.Close();
                }
            }
        }

        _code.Close();
    }

    private void EmitWrite(IReadOnlyList<FieldSpec> fields, bool topLevel)
    {
        _code.Open("public void Write(KafkaWriter writer, short version)");
        if (topLevel)
        {
            _code.Line($"KafkaSerialization.CheckVersion(version, {Context.Lowest}, {Context.Highest}, \"{_spec.Name}\");");
        }

        var flexibleCondition = _spec.FlexibleVersions.Condition(Context);
        if (flexibleCondition is not ("true" or "false"))
        {
            _code.Line($"var {Flexible} = {flexibleCondition};");
        }

        foreach (var field in fields)
        {
            var condition = field.RegularVersions.Condition(Context);
            var statements = WriteStatements(field, "writer", Compact(field), NullCondition(field, field.RegularVersions));
            if (condition == "true")
            {
                statements.ForEach(s => _code.Line(s));
                continue;
            }

            var present = field.Versions.Condition(Context);
            var check = field.Ignorable || present == "true"
                ? null
                : present == "false"
                    ? $"!({IsDefault(field)})"
                    : $"!({present}) && !({IsDefault(field)})";
            var fail = $"throw KafkaSerialization.FieldNotSupported(\"{_spec.Name}.{field.Name}\", version);";
            if (condition != "false")
            {
                _code.Open($"if ({condition})");
                statements.ForEach(s => _code.Line(s));
                _code.Close();
                if (check is not null)
                {
                    _code.Line($"else if ({check}) {fail}");
                }
            }
            else if (check is not null)
            {
                _code.Line($"if ({check}) {fail}");
            }
        }

        var tagged = TaggedFields(fields);
        if (flexibleCondition != "false")
        {
            var guard = flexibleCondition == "true" ? null : $"if ({Flexible})";
            if (tagged.Count == 0)
            {
                var statement = "KafkaSerialization.WriteUnknownTaggedFields(writer, UnknownTaggedFields);";
                _code.Line(guard is null ? statement : $"{guard} {statement}");
            }
            else
            {
                if (guard is not null)
                {
                    _code.Open(guard);
                }

                _code.Line("var tagged = new TaggedFieldsWriter();");
                var from = 0;
                foreach (var field in tagged)
                {
                    var tag = field.Tag!.Value;
                    _code.Line($"tagged.WriteUnknown(UnknownTaggedFields, {from}, {tag});");
                    var when = TaggedCondition(field);
                    var condition = when == "true" ? $"!({IsDefault(field)})" : $"{when} && !({IsDefault(field)})";
                    _code.Open($"if ({condition})");
                    _code.Line("var tagWriter = new KafkaWriter();");
                    WriteStatements(field, "tagWriter", "true", NullCondition(field, field.TaggedVersions)).ForEach(s => _code.Line(s));
                    _code.Line($"tagged.WriteField({tag}, tagWriter);");
                    _code.Close();
                    _code.Line($"else tagged.WriteUnknown(UnknownTaggedFields, {tag}, {tag + 1});");
                    from = tag + 1;
                }

                _code.Line($"tagged.WriteUnknown(UnknownTaggedFields, {from}, long.MaxValue);");
                _code.Line("tagged.CopyTo(writer);");
                if (guard is not null)
                {
                    _code.Close();
                }
            }
        }

        _code.Close();
    }

    private List<FieldSpec> TaggedFields(IReadOnlyList<FieldSpec> fields) =>
        fields.Where(f => f.Tag is not null && !f.TaggedVersions.Intersect(f.Versions).Intersect(Context).IsEmpty)
            .OrderBy(f => f.Tag)
            .ToList();

    private string TaggedCondition(FieldSpec field) => field.TaggedVersions.Intersect(field.Versions).Condition(Context);

    private string Compact(FieldSpec field)
    {
        if (field.FlexibleVersions is { } own)
        {
            var condition = own.Condition(Context);
            return condition is "true" or "false" ? condition : $"({condition})";
        }

        var messageCondition = _spec.FlexibleVersions.Condition(Context);
        return messageCondition is "true" or "false" ? messageCondition : Flexible;
    }

    /// <summary>"true", "false" or a condition: whether the field may be null at the versions in <paramref name="where"/>.</summary>
    private string NullCondition(FieldSpec field, VersionRange where)
    {
        if (field.NullableVersions.IsEmpty)
        {
            return "false";
        }

        var context = where.Intersect(Context);
        return context.IsEmpty ? "false" : field.NullableVersions.Condition(context);
    }

    private bool IsNullableType(FieldSpec field) => !field.NullableVersions.IsEmpty || field.Type == "records";

    private bool DefaultIsNull(FieldSpec field) =>
        field.Type == "records" || (IsNullableType(field) && field.Default == "null");

    private StructSpec Struct(FieldSpec field) =>
        _spec.FindStruct(field.ElementType) ?? throw new InvalidDataException($"{_spec.FileName}: unknown type {field.Type} of field {field.Name}.");

    private string StructType(FieldSpec field) => $"{_spec.Name}.{Struct(field).ClassName}";

    private string ElementType(FieldSpec field) =>
        PrimitiveType.Find(field.ElementType)?.CSharpName ?? (field.ElementType == "string" ? "string" : StructType(field));

    private bool IsStructElement(FieldSpec field) => PrimitiveType.Find(field.ElementType) is null && field.ElementType != "string";

    private string CSharpType(FieldSpec field)
    {
        var nullable = IsNullableType(field) ? "?" : "";
        if (field.IsArray)
        {
            if (field.ElementType is "bytes" or "records")
            {
                throw new InvalidDataException($"{_spec.FileName}: arrays of {field.ElementType} are not supported.");
            }

            return $"List<{ElementType(field)}>{nullable}";
        }

        return field.Type switch
        {
            "string" => "string" + nullable,
            "bytes" => "ReadOnlyMemory<byte>" + nullable,
            "records" => "ReadOnlyMemory<byte>?",
            _ => PrimitiveType.Find(field.Type)?.CSharpName ?? StructType(field) + nullable,
        };
    }

    private string Initializer(FieldSpec field)
    {
        if (DefaultIsNull(field))
        {
            return "";
        }

        if (field.IsArray)
        {
            return " = [];";
        }

        switch (field.Type)
        {
            case "string":
                return $" = {StringLiteral(field.Default ?? "")};";
            case "bytes":
                return IsNullableType(field) ? " = ReadOnlyMemory<byte>.Empty;" : "";
            case "uuid":
                return "";
            case "bool":
                return field.Default == "true" ? " = true;" : "";
        }

        var primitive = PrimitiveType.Find(field.Type);
        if (primitive is null)
        {
            return " = new();";
        }

        var literal = NumericLiteral(field, primitive);
        return literal == "0" ? "" : $" = {literal};";
    }

    private string IsDefault(FieldSpec field)
    {
        var name = field.Name;
        if (DefaultIsNull(field))
        {
            return $"{name} is null";
        }

        if (field.IsArray)
        {
            return IsNullableType(field) ? $"{name} is {{ Count: 0 }}" : $"{name}.Count == 0";
        }

        switch (field.Type)
        {
            case "string":
                return $"{name} == {StringLiteral(field.Default ?? "")}";
            case "bytes":
                return IsNullableType(field) ? $"{name} is {{ IsEmpty: true }}" : $"{name}.IsEmpty";
            case "uuid":
                return $"{name} == Guid.Empty";
            case "bool":
                return field.Default == "true" ? name : $"!{name}";
        }

        var primitive = PrimitiveType.Find(field.Type);
        if (primitive is null)
        {
            return IsNullableType(field) ? $"{name} is not null && {name}.IsDefaultStruct()" : $"{name}.IsDefaultStruct()";
        }

        return $"{name} == {NumericLiteral(field, primitive)}";
    }

    private string NumericLiteral(FieldSpec field, PrimitiveType primitive)
    {
        var text = field.Default?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return "0";
        }

        if (primitive.SpecName == "float64")
        {
            return double.Parse(text, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
        }

        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        var value = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? Convert.ToInt64(digits[2..], 16)
            : long.Parse(digits, CultureInfo.InvariantCulture);
        if (negative)
        {
            value = -value;
        }

        var literal = value.ToString(CultureInfo.InvariantCulture);
        return primitive.SpecName == "int64" && (value > int.MaxValue || value < int.MinValue) ? literal + "L" : literal;
    }

    private string ReadExpression(FieldSpec field, string reader, string compact, string nullCondition)
    {
        string Choose(string nullable, string plain) => nullCondition switch
        {
            "true" => nullable,
            "false" => plain,
            _ => $"({nullCondition} ? {nullable} : {plain})",
        };

        if (field.IsArray)
        {
            if (IsStructElement(field))
            {
                var type = StructType(field);
                var size = MinStructSize(Struct(field), field.Versions);
                return Choose(
                    $"KafkaSerialization.ReadNullableStructArray<{type}>(ref {reader}, version, {compact}, {size})",
                    $"KafkaSerialization.ReadStructArray<{type}>(ref {reader}, version, {compact}, {size})");
            }

            var element = PrimitiveType.Find(field.ElementType)?.ElementName ?? "String";
            return Choose(
                $"KafkaSerialization.ReadNullableArray(ref {reader}, {compact}, ArrayElements.{element})",
                $"KafkaSerialization.ReadArray(ref {reader}, {compact}, ArrayElements.{element})");
        }

        switch (field.Type)
        {
            case "string":
                return Choose($"{reader}.ReadNullableString({compact})", $"{reader}.ReadString({compact})");
            case "bytes":
            case "records":
                return Choose($"{reader}.ReadNullableBytes({compact})", $"{reader}.ReadBytes({compact})");
        }

        var primitive = PrimitiveType.Find(field.Type);
        if (primitive is not null)
        {
            return $"{reader}.{primitive.ReaderMethod}()";
        }

        var structType = StructType(field);
        return Choose(
            $"KafkaSerialization.ReadNullableStruct<{structType}>(ref {reader}, version)",
            $"KafkaSerialization.ReadStruct<{structType}>(ref {reader}, version)");
    }

    private List<string> WriteStatements(FieldSpec field, string writer, string compact, string nullCondition)
    {
        var name = field.Name;
        var qualified = $"\"{_spec.Name}.{name}\"";
        var nullableType = IsNullableType(field);
        var notNull = nullableType ? $"KafkaSerialization.NotNull({name}, {qualified})" : name;

        List<string> Choose(string nullable, string plain) => nullCondition switch
        {
            "true" => [nullable],
            "false" => [plain],
            _ => [$"if ({nullCondition}) {nullable}", $"else {plain}"],
        };

        if (field.IsArray)
        {
            if (IsStructElement(field))
            {
                return Choose(
                    $"KafkaSerialization.WriteStructArray({writer}, version, {compact}, {name});",
                    $"KafkaSerialization.WriteStructArray({writer}, version, {compact}, {notNull});");
            }

            var element = PrimitiveType.Find(field.ElementType)?.ElementName ?? "String";
            return Choose(
                $"KafkaSerialization.WriteArray({writer}, {compact}, {name}, ArrayElements.{element});",
                $"KafkaSerialization.WriteArray({writer}, {compact}, {notNull}, ArrayElements.{element});");
        }

        switch (field.Type)
        {
            case "string":
                return Choose($"{writer}.WriteNullableString({name}, {compact});", $"{writer}.WriteString({notNull}, {compact});");
            case "bytes":
            case "records":
                var plain = nullableType ? $"KafkaSerialization.NotNullBytes({name}, {qualified})" : name;
                return Choose($"{writer}.WriteNullableBytes({name}, {compact});", $"{writer}.WriteBytes({plain}.Span, {compact});");
        }

        var primitive = PrimitiveType.Find(field.Type);
        if (primitive is not null)
        {
            return [$"{writer}.{primitive.WriterMethod}({name});"];
        }

        return Choose($"KafkaSerialization.WriteNullableStruct({writer}, version, {name});", $"{notNull}.Write({writer}, version);");
    }

    private int MinSize(IReadOnlyList<FieldSpec> fields, short version, int depth)
    {
        if (depth > 16)
        {
            return 0;
        }

        var size = _spec.FlexibleVersions.Contains(version) ? 1 : 0;
        foreach (var field in fields)
        {
            if (!field.RegularVersions.Contains(version))
            {
                continue;
            }

            var compact = field.FlexibleVersions?.Contains(version) ?? _spec.FlexibleVersions.Contains(version);
            if (field.IsArray)
            {
                size += compact ? 1 : 4;
                continue;
            }

            var primitive = PrimitiveType.Find(field.Type);
            size += field.Type switch
            {
                "string" => compact ? 1 : 2,
                "bytes" or "records" => compact ? 1 : 4,
                _ when primitive is not null => primitive.Size,
                _ when field.NullableVersions.Contains(version) => 1,
                _ => MinSize(Struct(field).Fields, version, depth + 1),
            };
        }

        return size;
    }

    private void Summary(string text)
    {
        var escaped = text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\r", "", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal);
        _code.Line($"/// <summary>{escaped}</summary>");
    }

    private static string Attribute(FieldSpec field)
    {
        var text = new StringBuilder($"[KafkaField({field.Versions.Lowest}, {field.Versions.Highest}");
        if (!field.NullableVersions.IsEmpty)
        {
            text.Append(CultureInfo.InvariantCulture, $", NullableMinVersion = {field.NullableVersions.Lowest}, NullableMaxVersion = {field.NullableVersions.Highest}");
        }

        if (field.Tag is { } tag)
        {
            text.Append(CultureInfo.InvariantCulture, $", Tag = {tag}, TaggedMinVersion = {field.TaggedVersions.Lowest}, TaggedMaxVersion = {field.TaggedVersions.Highest}");
        }

        if (field.Ignorable)
        {
            text.Append(", Ignorable = true");
        }

        return text.Append(")]").ToString();
    }

    private static string StringLiteral(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
