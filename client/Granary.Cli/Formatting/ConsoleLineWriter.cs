// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Spectre.Console;

namespace Granary.Cli.Formatting;

/// <summary>
/// A writer that hands whole lines to a Spectre console, so lines written while a live display is drawn appear above
/// it instead of through it.
/// </summary>
internal sealed class ConsoleLineWriter(IAnsiConsole console) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                console.Write(new Text(_line.ToString().TrimEnd('\r') + "\n"));
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? string.Empty)
        {
            Write(c);
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            if (_line.Length > 0)
            {
                console.Write(new Text(_line.ToString() + "\n"));
                _line.Clear();
            }
        }
    }
}
