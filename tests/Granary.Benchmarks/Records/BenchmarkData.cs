// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;

namespace Granary.Benchmarks.Records;

internal static class BenchmarkData
{
    /// <summary>JSON-like event records: repeated field names with varying values, about 3-5x compressible.</summary>
    public static byte[] Json(int size)
    {
        var random = new Random(42);
        var sb = new StringBuilder(size + 256);
        var i = 0;
        while (sb.Length < size)
        {
            sb.Append("{\"id\":").Append(i++).Append(",\"user\":\"user-").Append(random.Next(10_000))
              .Append("\",\"event\":\"").Append(random.Next(4) switch { 0 => "click", 1 => "view", 2 => "purchase", _ => "scroll" })
              .Append("\",\"ts\":").Append(1_700_000_000_000 + random.Next(1_000_000))
              .Append(",\"amount\":").Append(random.NextDouble().ToString("F4", CultureInfo.InvariantCulture))
              .Append(",\"tags\":[\"a").Append(random.Next(50)).Append("\",\"b").Append(random.Next(50)).Append("\"]}\n");
        }

        return Encoding.ASCII.GetBytes(sb.ToString())[..size];
    }
}
