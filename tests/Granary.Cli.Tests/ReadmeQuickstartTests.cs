// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Cli.Tests.Infrastructure;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary>Runs every granary command of the README's CLI quickstart, as written, against a real silo.</summary>
public sealed class ReadmeQuickstartTests
{
    [Fact]
    public async Task Every_quickstart_command_succeeds()
    {
        var commands = QuickstartCommands(await File.ReadAllTextAsync(FindReadme()));
        Assert.True(commands.Count >= 6, $"the quickstart has only {commands.Count} granary commands");

        await using var silo = await TestSilo.StartAsync();
        var outputs = new List<string>();
        foreach (var (stdin, args) in commands)
        {
            var run = await CliRun.WithStdinAsync(stdin, [.. args, "--bootstrap-server", silo.BootstrapServers]);
            Assert.True(run.ExitCode == 0, $"granary {string.Join(' ', args)}\n{run}");
            outputs.Add(run.Out);
        }

        Assert.Contains("hello=granary (partition ", string.Concat(outputs), StringComparison.Ordinal);
        Assert.Contains(outputs, o => o.Contains("readers", StringComparison.Ordinal) && o.Contains("LAG", StringComparison.Ordinal));
    }

    /// <summary>The granary lines of the sh block after "## Quickstart with the granary CLI": (stdin from an echo pipe, argv).</summary>
    internal static List<(string Stdin, List<string> Args)> QuickstartCommands(string readme)
    {
        var section = readme.IndexOf("## Quickstart with the granary CLI", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no CLI quickstart section");
        var start = readme.IndexOf("```sh\n", section, StringComparison.Ordinal) + 6;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var result = new List<(string, List<string>)>();
        foreach (var line in readme[start..end].Split('\n'))
        {
            var words = ShellWords(line);
            var pipe = words.IndexOf("|");
            var stdin = string.Empty;
            if (pipe > 0 && words[0] == "echo")
            {
                stdin = string.Join(' ', words[1..pipe]) + "\n";
                words = words[(pipe + 1)..];
            }

            if (words.Count > 1 && words[0] == "granary")
            {
                result.Add((stdin, words[1..]));
            }
        }

        return result;
    }

    /// <summary>POSIX shell word splitting for the simple lines a README holds: quotes, backslashes, comments, pipes.</summary>
    internal static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case '\'':
                    var close = line.IndexOf('\'', i + 1);
                    word.Append(line, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    for (i++; line[i] != '"'; i++)
                    {
                        word.Append(line[i] == '\\' && "\"\\$`".Contains(line[i + 1], StringComparison.Ordinal) ? line[++i] : line[i]);
                    }

                    inWord = true;
                    break;
                case '\\' when i + 1 < line.Length:
                    word.Append(line[++i]);
                    inWord = true;
                    break;
                case '#' when !inWord:
                    i = line.Length;
                    break;
                case ' ' or '\t' or '|' or '&':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    if (c is '|' or '&')
                    {
                        words.Add(c.ToString());
                    }

                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static string FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("README.md was not found above the test directory");
    }
}
