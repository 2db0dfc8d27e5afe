using System.Text;
using System.Text.Json;

namespace ReOptIn.UnitTests.Importing.Addresses;

/// <summary>One row of Corpus/addresses.tsv (see Corpus/README.txt for its origin and licences).</summary>
/// <param name="Cell">The exact string under test, control characters included.</param>
/// <param name="ExpectedValid">The policy's verdict on <paramref name="Cell"/> taken as a bare address.</param>
/// <param name="StrictOnly">A form an RFC allows but the policy leaves to the product (ADR-0005 rejects them).</param>
/// <param name="Rule">Why the row is (in)valid, in the corpus's words.</param>
/// <param name="CellForm"><c>bare</c>, <c>display-name</c> (<c>Name &lt;addr&gt;</c>) or <c>angle-brackets</c>.</param>
/// <param name="NormalizedCandidate">What an importer should make of a messy cell; empty when the cell is not messy.</param>
/// <param name="ExpectedValidAfterNormalize">The verdict on the cell after that cleaning.</param>
internal sealed record CorpusRow(
    string Id, string Cell, bool ExpectedValid, bool StrictOnly, string Rule, string CellForm,
    string NormalizedCandidate, bool ExpectedValidAfterNormalize)
{
    public override string ToString() => $"{Id} [{Rule}] {JsonSerializer.Serialize(Cell)}";
}

internal static class AddressCorpus
{
    public static IReadOnlyList<CorpusRow> Rows { get; } = Load();

    private static List<CorpusRow> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Importing", "Addresses", "Corpus", "addresses.tsv");
        // Split on LF only: a few cells are about CR characters.
        var lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        var header = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"No column {name}.");
        int id = Column("id"), address = Column("address"), json = Column("address_json"), valid = Column("expected_valid"),
            strict = Column("strict_only"), rule = Column("rule"), form = Column("cell_form"),
            candidate = Column("normalized_candidate"), validAfter = Column("expected_valid_after_normalize");

        var rows = new List<CorpusRow>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var f = line.Split('\t');
            if (f.Length != header.Length) throw new InvalidDataException($"Row {f[0]} has {f.Length} fields, not {header.Length}.");
            rows.Add(new CorpusRow(
                f[id], Cell(f[json], f[address]), f[valid] == "1", f[strict] == "1", f[rule], f[form],
                JsonBody(f[candidate]) ?? f[candidate], f[validAfter] == "1"));
        }
        return rows;
    }

    /// <summary>
    /// The exact cell. <c>address_json</c> holds it JSON-escaped, without the surrounding quotes.
    /// In rows whose address has a double quote, the file went once through a CSV reader and writer:
    /// the reader dropped the JSON string's opening quote and the first quote after it (always the
    /// one of an escaped <c>\"</c>), and the writer wrapped the rest in CSV quotes. Undo that by
    /// reading the field as CSV, then putting both quotes back: the first reinsertion that gives a
    /// valid JSON string is the original. When none does, the <c>address</c> column is intact.
    /// </summary>
    private static string Cell(string addressJson, string address)
    {
        if (addressJson.Length == 0) return address;
        if (JsonBody(addressJson) is { } cell) return cell;

        var field = CsvField(addressJson);
        if (JsonBody(field) is { } unquoted) return unquoted;
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\') continue;
            if (JsonString("\"" + field[..(i + 1)] + "\"" + field[(i + 1)..]) is { } repaired) return repaired;
        }
        return address;
    }

    private static string? JsonBody(string body) => JsonString("\"" + body + "\"");

    private static string? JsonString(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<string>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A field as a lenient CSV reader sees it: "…" quoted with "" for a quote; text after the closing quote kept.
    private static string CsvField(string field)
    {
        if (!field.StartsWith('"')) return field;
        var text = new StringBuilder(field.Length);
        var quoted = true;
        for (var i = 1; i < field.Length; i++)
        {
            var c = field[i];
            if (quoted && c == '"')
            {
                if (i + 1 < field.Length && field[i + 1] == '"') { text.Append('"'); i++; }
                else quoted = false;
                continue;
            }
            text.Append(c);
        }
        return text.ToString();
    }
}
