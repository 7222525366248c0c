// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Generator;

string? specs = null;
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--specs" when i + 1 < args.Length:
            specs = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: --specs DIR [--out DIR]");
            return 2;
    }
}

if (specs is null || !Directory.Exists(specs))
{
    Console.Error.WriteLine("Usage: --specs DIR [--out DIR] (DIR holds Kafka's *.json message specs)");
    return 2;
}

if (output is null)
{
    var root = MessageGenerator.FindRepositoryRoot(Directory.GetCurrentDirectory());
    if (root is null)
    {
        Console.Error.WriteLine("Cannot find Orleans.sln above the current directory; pass --out DIR.");
        return 2;
    }

    output = Path.Combine(root, "client", "Granary.Protocol", "Generated");
}

var result = MessageGenerator.Generate(specs);
MessageGenerator.WriteAll(result, output);
Console.WriteLine($"Wrote {result.Files.Count} files ({result.Messages.Count} messages) to {output}.");
foreach (var ignored in result.Ignored)
{
    Console.WriteLine($"Ignored {ignored}.");
}

return 0;
