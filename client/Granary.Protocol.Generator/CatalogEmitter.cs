// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Generator;

/// <summary>Writes the <c>ApiKey</c> enum and the <c>ApiMessages</c> catalog from all parsed specs.</summary>
public static class CatalogEmitter
{
    public static string EmitApiKey(IReadOnlyList<MessageSpec> specs, string header)
    {
        var code = new CodeBuilder();
        code.Line(header.TrimEnd('\n')).Line("#nullable enable").Line().Line("namespace Granary.Protocol;").Line();
        code.Line("/// <summary>Kafka's API keys, named after the request messages.</summary>");
        code.Open("public enum ApiKey : short");
        foreach (var spec in Requests(specs))
        {
            code.Line($"{MessageEmitter.ApiName(spec)} = {spec.ApiKey},");
        }

        code.Close();
        return code.ToString();
    }

    public static string EmitCatalog(IReadOnlyList<MessageSpec> specs, string header)
    {
        var code = new CodeBuilder();
        code.Line(header.TrimEnd('\n')).Line("#nullable enable").Line().Line("namespace Granary.Protocol.Messages;").Line();
        code.Line("/// <summary>Every API the specs define: versions, flexible versions, message types and factories.</summary>");
        code.Open("public static partial class ApiMessages");
        var requests = Requests(specs);
        code.Line("/// <summary>The number of generated message types (requests, responses and headers).</summary>");
        code.Line($"public const int MessageCount = {specs.Count};");
        code.Line();
        code.Line("/// <summary>The number of (message, version) pairs across all generated message types.</summary>");
        code.Line($"public const int MessageVersionCount = {specs.Sum(s => s.ValidVersions.Highest - s.ValidVersions.Lowest + 1)};");
        code.Line();
        code.Line("/// <summary>Every generated message type, ordered by name.</summary>");
        code.Line("public static IReadOnlyList<Type> MessageTypes { get; } =");
        code.Line("[");
        foreach (var spec in specs.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            code.Line($"    typeof({spec.Name}),");
        }

        code.Line("];");
        code.Line();
        code.Line("/// <summary>Every API, ordered by key.</summary>");
        code.Line("public static IReadOnlyList<ApiMessageInfo> All { get; } =");
        code.Line("[");
        foreach (var request in requests)
        {
            var api = MessageEmitter.ApiName(request);
            var response = specs.FirstOrDefault(s => s.Kind == "response" && s.Name == api + "Response")
                ?? throw new InvalidDataException($"{request.Name} has no matching {api}Response spec.");
            var flexible = request.FlexibleVersions.IsEmpty ? -1 : request.FlexibleVersions.Lowest;
            code.Line($"    new(ApiKey.{api}, {request.ValidVersions.Lowest}, {request.ValidVersions.Highest}, {flexible}, {(request.LatestVersionUnstable ? "true" : "false")}, typeof({request.Name}), typeof({response.Name}), static () => new {request.Name}(), static () => new {response.Name}()),");
        }

        code.Line("];");
        code.Close();
        return code.ToString();
    }

    private static List<MessageSpec> Requests(IReadOnlyList<MessageSpec> specs) =>
        specs.Where(s => s.Kind == "request").OrderBy(s => s.ApiKey).ToList();
}
