namespace ReOptIn.Core.Importing.Mapping;

/// <summary>One column of the file and what it is mapped to.</summary>
/// <param name="Index">0-based position of the column in the file.</param>
/// <param name="Name">
/// The column's name: its header text, or "Column N" (1-based) when the file has no header row
/// or the header cell is empty. Unique within a mapping (a repeated header gets " (N)" appended).
/// </param>
/// <param name="Field">What the column holds.</param>
public sealed record ColumnRole(int Index, string Name, ContactField Field);

/// <summary>The mapping of every column of a file; remembered per list and accepted by the API.</summary>
public sealed record ColumnMapping(IReadOnlyList<ColumnRole> Columns)
{
    /// <summary>
    /// False when the file has no header row: the JSON form then names columns by their 1-based
    /// number ("1", "2", …) and a remembered mapping applies by position rather than by name.
    /// </summary>
    public bool HasHeader { get; init; } = true;

    public int? IndexOf(ContactField field) => Columns.FirstOrDefault(c => c.Field == field)?.Index;

    /// <summary>The column mapped to <paramref name="field"/>, if any.</summary>
    public ColumnRole? ColumnFor(ContactField field) => Columns.FirstOrDefault(c => c.Field == field);

    /// <summary>Mappings are equal when they have the same header mode and the same columns in the same order.</summary>
    public bool Equals(ColumnMapping? other) =>
        other is not null && HasHeader == other.HasHeader && Columns.SequenceEqual(other.Columns);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(HasHeader);
        foreach (var column in Columns)
        {
            hash.Add(column);
        }

        return hash.ToHashCode();
    }
}
