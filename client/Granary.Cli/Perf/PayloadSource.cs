// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;

namespace Granary.Cli.Perf;

/// <summary>
/// The values perf tests send: like kafka-producer-perf-test, either one random record of --record-size bytes
/// (uppercase letters) reused for every record, or a random pick among the --payload-file entries.
/// </summary>
public sealed class PayloadSource
{
    private readonly byte[][] _payloads;
    private readonly Random _random;

    private PayloadSource(byte[][] payloads, Random random)
    {
        _payloads = payloads;
        _random = random;
    }

    public int Count => _payloads.Length;

    public static PayloadSource FromSize(int recordSize, Random random)
    {
        var payload = new byte[recordSize];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)('A' + random.Next(26));
        }

        return new PayloadSource([payload], random);
    }

    public static PayloadSource FromFile(string path, string delimiter, Random random)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read --payload-file '{path}': {ex.Message}");
        }

        var payloads = text.Split(delimiter, StringSplitOptions.RemoveEmptyEntries).Select(Encoding.UTF8.GetBytes).ToArray();
        if (payloads.Length == 0)
        {
            throw CliException.Usage($"--payload-file '{path}' contains no payloads (delimiter {Escape(delimiter)})");
        }

        return new PayloadSource(payloads, random);
    }

    public byte[] Next() => _payloads.Length == 1 ? _payloads[0] : _payloads[_random.Next(_payloads.Length)];

    private static string Escape(string delimiter) => delimiter.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
