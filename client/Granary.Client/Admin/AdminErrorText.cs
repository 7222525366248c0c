// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The text of the admin exceptions: each failed item's report.</summary>
internal static class AdminErrorText
{
    public static string Describe<T>(IEnumerable<T> reports) => string.Join(", ", reports.Select(r => $"[{r}]"));

    public static string Describe(object report) => $"[{report}]";
}
