using System.Buffers;
using System.Text;
using System.Text.Json;
using ReOptIn.Core.Importing.Addresses;
using ReOptIn.Core.Importing.Mapping;

namespace ReOptIn.Core.Importing;

/// <summary>Turns one row's fields into a contact's values, following the column mapping.</summary>
internal sealed class ImportRowMapper
{
    private readonly int _email, _first, _last, _full, _source, _country, _language, _lastMailed, _consent;
    private readonly (int Index, string Name)[] _custom;
    private readonly ArrayBufferWriter<byte> _json = new(256);
    private Utf8JsonWriter? _writer;

    public ImportRowMapper(ColumnMapping mapping)
    {
        int At(ContactField f) => mapping.IndexOf(f) ?? -1;
        _email = At(ContactField.Email);
        if (_email < 0) throw new ArgumentException("No column is mapped to the email address.", nameof(mapping));
        _first = At(ContactField.FirstName);
        _last = At(ContactField.LastName);
        _full = At(ContactField.FullName);
        _source = At(ContactField.Source);
        _country = At(ContactField.Country);
        _language = At(ContactField.Language);
        _lastMailed = At(ContactField.LastMailedAt);
        _consent = At(ContactField.ConsentAt);
        _custom = mapping.Columns.Where(c => c.Field == ContactField.Custom).Select(c => (c.Index, c.Name)).ToArray();
    }

    public string? EmailCell(string[] fields) => Cell(fields, _email);

    public string? Country(string[] fields) => Cell(fields, _country);

    public ImportedContact Map(string[] fields, ParsedAddress address, byte[] hash, string? jurisdiction)
    {
        var first = Cell(fields, _first);
        var last = Cell(fields, _last);
        if (first is null && last is null)
        {
            var full = Cell(fields, _full) ?? address.NameInCell;
            if (full is not null) (first, last) = PersonName.Split(full);
        }
        return new ImportedContact(
            address.Email!, address.Normalized!, hash,
            Limit(first, 200), Limit(last, 200),
            Limit(Cell(fields, _country), 100), Limit(Cell(fields, _language), 35),
            CustomJson(fields), (int)address.Flags, jurisdiction, Limit(Cell(fields, _source), 1000),
            Date(fields, _lastMailed), Date(fields, _consent));
    }

    private string? CustomJson(string[] fields)
    {
        if (_custom.Length == 0) return null;
        _json.ResetWrittenCount();
        var any = false;
        var writer = _writer ??= new Utf8JsonWriter(_json);
        writer.Reset(_json); // one writer for every row
        {
            writer.WriteStartObject();
            foreach (var (index, name) in _custom)
            {
                var value = Cell(fields, index);
                if (value is null) continue;
                writer.WriteString(name, Limit(value, 1000));
                any = true;
            }
            writer.WriteEndObject();
            writer.Flush();
        }
        return any ? Encoding.UTF8.GetString(_json.WrittenSpan) : null;
    }

    private static DateTime? Date(string[] fields, int index) =>
        FlexibleDate.TryParseUtc(Cell(fields, index), out var utc) ? utc : null;

    private static string? Cell(string[] fields, int index)
    {
        if (index < 0 || index >= fields.Length) return null;
        var value = fields[index].Trim();
        return value.Length == 0 ? null : value;
    }

    private static string? Limit(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
