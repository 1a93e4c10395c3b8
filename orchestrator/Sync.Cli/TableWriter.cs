namespace Sync.Cli;

/// <summary>Writes rows as left-aligned columns under a header, the width of each column set by its longest cell.</summary>
public static class TableWriter
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = new int[headers.Count];
        foreach (var row in all)
        {
            for (var i = 0; i < widths.Length && i < row.Count; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }
        foreach (var row in all)
        {
            var cells = new string[widths.Length];
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = i < row.Count ? row[i] : string.Empty;
                cells[i] = i == widths.Length - 1 ? cell : cell.PadRight(widths[i]);
            }
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
