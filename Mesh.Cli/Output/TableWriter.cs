namespace Mesh.Cli.Output;

/// <summary>Left-aligned columns separated by three spaces, as kubectl prints them.</summary>
internal sealed class TableWriter(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public int RowCount => rows.Count;

    public void Add(params string?[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        rows.Add(cells.Select(c => Clean(c ?? "")).ToArray());
    }

    /// <summary>Writes the table; without a header it serves as aligned <c>Key:   value</c> lines.</summary>
    public void Write(TextWriter writer, string indent = "", bool header = true)
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in header ? rows.Prepend(headers) : rows)
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            writer.WriteLine(indent + string.Join("   ", cells).TrimEnd());
        }
    }

    // A multi-line condition message would break the columns; kubectl flattens it the same way.
    private static string Clean(string cell) => cell.ReplaceLineEndings(" ").Trim();
}
