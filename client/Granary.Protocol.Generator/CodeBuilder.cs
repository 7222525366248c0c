// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;

namespace Granary.Protocol.Generator;

/// <summary>An indenting text writer with LF line endings, so output is identical on every platform.</summary>
public sealed class CodeBuilder
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeBuilder Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    public CodeBuilder Open(string line)
    {
        if (line.Length > 0)
        {
            Line(line);
        }

        Line("{");
        _indent++;
        return this;
    }

    public CodeBuilder Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
