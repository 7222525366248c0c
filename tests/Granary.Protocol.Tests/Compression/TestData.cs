// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;

namespace Granary.Protocol.Tests.Compression;

internal static class TestData
{
    /// <summary>JSON-like records: repetitive field names, varying values; compresses about 3-5x, like real payloads.</summary>
    public static byte[] Json(int size, int seed = 1)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(size + 256);
        var i = 0;
        while (sb.Length < size)
        {
            sb.Append("{\"id\":").Append(i++).Append(",\"user\":\"user-").Append(random.Next(10_000))
              .Append("\",\"event\":\"").Append(random.Next(4) switch { 0 => "click", 1 => "view", 2 => "purchase", _ => "scroll" })
              .Append("\",\"ts\":").Append(1_700_000_000_000 + random.Next(1_000_000))
              .Append(",\"amount\":").Append(random.NextDouble().ToString("F4", System.Globalization.CultureInfo.InvariantCulture))
              .Append(",\"tags\":[\"a").Append(random.Next(50)).Append("\",\"b").Append(random.Next(50)).Append("\"]}\n");
        }

        return Encoding.ASCII.GetBytes(sb.ToString())[..size];
    }

    public static byte[] Random(int size, int seed = 2)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Runs a command-line tool with a file argument and returns its stdout bytes.</summary>
    public static byte[] Run(string tool, string arguments, byte[]? stdin = null)
    {
        var info = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        var writer = stdin is null ? Task.CompletedTask : Task.Run(() =>
        {
            process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
        });
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        writer.Wait();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {arguments} exited {process.ExitCode}: {stderr.Result}");
        }

        return output.ToArray();
    }

    public static string TempFile(byte[] contents)
    {
        var path = Path.Combine(Path.GetTempPath(), $"granary-codec-{Guid.NewGuid():N}");
        File.WriteAllBytes(path, contents);
        return path;
    }
}
