namespace ReOptIn.Core.Importing.Mapping;

/// <summary>One column of the file and what it is mapped to.</summary>
public sealed record ColumnRole(int Index, string Name, ContactField Field);

/// <summary>The mapping of every column of a file; remembered per list and accepted by the API.</summary>
public sealed record ColumnMapping(IReadOnlyList<ColumnRole> Columns)
{
    public int? IndexOf(ContactField field) => Columns.FirstOrDefault(c => c.Field == field)?.Index;
}
