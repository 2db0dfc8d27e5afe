using ReOptIn.Core.Importing.Mapping;

namespace ReOptIn.UnitTests.Importing.Mapping;

/// <summary>Every vendor row of Corpus/contact_export_formats.tsv (see Corpus/README.md for how it is read).</summary>
public sealed class VendorExportFormatsTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var format in ExportFormat.Load())
        {
            data.Add(format.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_vendor_export_maps_email_and_name_columns_as_the_corpus_says(string id)
    {
        var format = ExportFormat.Load().Single(f => f.Id == id);
        var mapping = ColumnMapper.Suggest(format.Header, format.SampleRows());

        Assert.Equal(format.ExpectedEmail, NameOf(mapping, ContactField.Email));
        Assert.Equal(format.ExpectedFirstName, NameOf(mapping, ContactField.FirstName));
        Assert.Equal(format.ExpectedLastName, NameOf(mapping, ContactField.LastName));
        Assert.Equal(format.ExpectedFullName, NameOf(mapping, ContactField.FullName));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_vendor_export_maps_every_column_once_and_survives_a_json_round_trip(string id)
    {
        var format = ExportFormat.Load().Single(f => f.Id == id);
        var mapping = ColumnMapper.Suggest(format.Header, format.SampleRows());

        Assert.Equal(format.Header.Count, mapping.Columns.Count);
        foreach (var group in mapping.Columns.GroupBy(c => c.Field))
        {
            if (group.Key is not (ContactField.Custom or ContactField.Ignore))
            {
                Assert.Single(group);
            }
        }

        var json = ColumnMappingJson.ToJson(mapping);
        Assert.Equal(mapping, ColumnMappingJson.Apply(json, format.Header));
    }

    [Fact]
    public void The_corpus_yields_a_case_for_every_vendor_row()
    {
        var lines = File.ReadAllLines(ExportFormat.CorpusPath).Skip(1).Count(l => l.Length > 0);
        var formats = ExportFormat.Load();

        Assert.True(lines >= 18, $"only {lines} rows in the corpus");
        Assert.Equal(lines, formats.Select(f => f.Row).Distinct().Count());
        Assert.All(formats, f => Assert.Contains(f.ExpectedEmail, f.Header));
    }

    [Fact]
    public void Mailchimp_consent_goes_to_optin_time_and_country_to_cc()
    {
        var format = ExportFormat.Load().First(f => f.Vendor == "Mailchimp");
        var rows = format.SampleRows();
        foreach (var row in rows)
        {
            row[format.Header.ToList().IndexOf("OPTIN_TIME")] = "2019-05-02 09:14:00";
            row[format.Header.ToList().IndexOf("CONFIRM_TIME")] = "2019-05-02 09:20:31";
        }

        var mapping = ColumnMapper.Suggest(format.Header, rows);

        Assert.Equal("OPTIN_TIME", NameOf(mapping, ContactField.ConsentAt));
        Assert.Equal("CC", NameOf(mapping, ContactField.Country));
        Assert.Equal(ContactField.Custom, mapping.Columns.Single(c => c.Name == "LAST_CHANGED").Field);
    }

    [Fact]
    public void Google_contacts_with_several_addresses_in_one_cell_still_map_the_first_email_group()
    {
        var format = ExportFormat.Load().First(f => f.Vendor == "Google Contacts");
        var rows = format.SampleRows();
        var first = format.Header.ToList().IndexOf("E-mail 1 - Value");
        rows[0][first] = "jane@example.com ::: jane.doe@work.example";

        var mapping = ColumnMapper.Suggest(format.Header, rows);

        Assert.Equal("E-mail 1 - Value", NameOf(mapping, ContactField.Email));
    }

    private static string? NameOf(ColumnMapping mapping, ContactField field) => mapping.ColumnFor(field)?.Name;

    /// <summary>One header variant of one corpus row, with what it should map to.</summary>
    internal sealed record ExportFormat(
        int Row,
        string Vendor,
        string Id,
        IReadOnlyList<string> Header,
        IReadOnlyList<string> EmailColumns,
        string? ExpectedFirstName,
        string? ExpectedLastName,
        string? ExpectedFullName)
    {
        public static string CorpusPath => Path.Combine(AppContext.BaseDirectory, "Importing", "Mapping", "Corpus", "contact_export_formats.tsv");

        public string ExpectedEmail => EmailColumns[0];

        private static readonly string[] FirstNames = ["Jane", "Omar", "Zoë"];
        private static readonly string[] LastNames = ["Doe", "Haddad", "Müller"];

        public static IReadOnlyList<ExportFormat> Load()
        {
            var lines = File.ReadAllLines(CorpusPath);
            var columns = lines[0].Split('\t');
            int Col(string name) => Array.IndexOf(columns, name);

            var formats = new List<ExportFormat>();
            for (var r = 1; r < lines.Length; r++)
            {
                if (lines[r].Length == 0)
                {
                    continue;
                }

                var cells = lines[r].Split('\t');
                var vendor = cells[Col("vendor")];
                var variants = HeaderVariants(cells[Col("header_row")]);
                for (var v = 0; v < variants.Count; v++)
                {
                    var header = variants[v];
                    var emails = Note(cells[Col("email_columns")]).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    var id = (variants.Count > 1 ? $"{r:00}.{v + 1}" : $"{r:00}") + $" {vendor} | {cells[Col("variant")]}";
                    formats.Add(new ExportFormat(
                        r,
                        vendor,
                        id,
                        header,
                        emails.Where(header.Contains).ToArray() is { Length: > 0 } present ? present : emails,
                        Pick(cells[Col("first_name_column")], header),
                        Pick(cells[Col("last_name_column")], header),
                        Pick(cells[Col("full_name_column")], header)));
                }
            }

            return formats;
        }

        /// <summary>Three rows: addresses in every email column, names in the name columns, filler elsewhere.</summary>
        public string[][] SampleRows()
        {
            var rows = new string[3][];
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new string[Header.Count];
                for (var c = 0; c < row.Length; c++)
                {
                    var name = Header[c];
                    row[c] = name.Length == 0 ? ""
                        : EmailColumns.Contains(name) ? $"{FirstNames[r].ToLowerInvariant()}.{c}@example{r}.com"
                        : name == ExpectedFirstName ? FirstNames[r]
                        : name == ExpectedLastName ? LastNames[r]
                        : name == ExpectedFullName ? $"{FirstNames[r]} {LastNames[r]}"
                        : $"value {r}-{c}";
                }

                rows[r] = row;
            }

            return rows;
        }

        /// <summary>The expected column among " / "-separated spellings that is in this header; null when none is.</summary>
        private static string? Pick(string cell, IReadOnlyList<string> header)
        {
            var note = Note(cell);
            return note.Length == 0 ? null : note.Split(" / ", StringSplitOptions.TrimEntries).FirstOrDefault(header.Contains);
        }

        /// <summary>The text before a " (" note.</summary>
        private static string Note(string cell)
        {
            var open = cell.IndexOf(" (", StringComparison.Ordinal);
            return (open < 0 ? cell : cell[..open]).Trim();
        }

        internal static List<IReadOnlyList<string>> HeaderVariants(string headerRow)
        {
            var parts = headerRow.Contains("e.g. ", StringComparison.Ordinal)
                ? headerRow.Split(" ; ").Select(p => p[(p.IndexOf("e.g. ", StringComparison.Ordinal) + 5)..])
                : [headerRow];
            return parts.Select(p => (IReadOnlyList<string>)SplitHeader(p)).ToList();
        }

        /// <summary>Splits a CSV header line (quotes allowed) and drops the "..." continuation markers.</summary>
        internal static List<string> SplitHeader(string line)
        {
            var cells = new List<string>();
            var current = new System.Text.StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        current.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        current.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    cells.Add(current.ToString());
                    current.Clear();
                }
                else
                {
                    current.Append(c);
                }
            }

            cells.Add(current.ToString());
            return cells.Select(c => c.Trim()).Where(c => c != "..." && !c.StartsWith("... ", StringComparison.Ordinal)).ToList();
        }
    }
}
