using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace ReOptIn.Core.Importing.Mapping;

/// <summary>
/// The JSON form of a column mapping, remembered per list and accepted by the API: an object from column name to
/// field name, e.g. <c>{"Email Address":"email","Prénom":"firstName","Notes":"custom"}</c>. A file without
/// header names its columns by 1-based number: <c>{"1":"email","2":"firstName"}</c>.
/// </summary>
/// <remarks>
/// Field names: email, firstName, lastName, fullName, source, country, language, lastMailedAt, consentAt, custom,
/// ignore (case is not significant when reading).
/// </remarks>
public static class ColumnMappingJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keeps "Prénom" readable while still escaping what HTML cares about.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private static readonly string[] FieldNames = BuildFieldNames();

    /// <summary>The field names the JSON uses, in <see cref="ContactField"/> order.</summary>
    public static IReadOnlyList<string> Fields => FieldNames;

    /// <summary>The JSON name of a field: "email", "firstName", "lastMailedAt"…</summary>
    public static string FieldName(ContactField field) => FieldNames[(int)field];

    public static string ToJson(ColumnMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var column in mapping.Columns)
            {
                var key = mapping.HasHeader ? column.Name : (column.Index + 1).ToString(CultureInfo.InvariantCulture);
                writer.WriteString(key, FieldName(column.Field));
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Reads a mapping for a file whose columns are <paramref name="columnNames"/> (its header row, or
    /// <c>null</c> entries / "Column N" names when it has none; see <see cref="ColumnMapper.ColumnNames"/>).
    /// A JSON key names a column by its name (exactly, else ignoring case when that is unique) or by its 1-based
    /// number; columns the JSON does not name are <see cref="ContactField.Custom"/>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Its message is written for the person who sent the mapping (no parameter name appended).
    /// The JSON is not an object of strings, names a column the file does not have or a field ReOptIn does not know,
    /// names a column twice, or maps two columns to the same field (other than custom and ignore).
    /// </exception>
    public static ColumnMapping Apply(string json, IReadOnlyList<string> columnNames, bool hasHeader = true)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new ArgumentException("The column mapping is empty. Send an object such as {\"Email\": \"email\"}.");
        }

        var names = ColumnMapper.ColumnNames(columnNames, columnNames.Count);
        var fields = new ContactField[names.Count];
        Array.Fill(fields, ContactField.Custom);
        var named = new string?[names.Count];
        var owners = new Dictionary<ContactField, string>();

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new ArgumentException(
                "The column mapping is not valid JSON. Send an object such as {\"Email\": \"email\", \"First Name\": \"firstName\"}.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException(
                    "The column mapping must be a JSON object from column name to field, such as {\"Email\": \"email\"}.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var index = FindColumn(property.Name, names);
                if (index < 0)
                {
                    throw new ArgumentException(
                        $"The file has no column \"{property.Name}\". Its columns are: {Describe(names)}.");
                }

                if (named[index] is { } earlier)
                {
                    throw new ArgumentException(
                        $"The column \"{names[index]}\" is mapped twice (as \"{earlier}\" and as \"{property.Name}\").");
                }

                named[index] = property.Name;
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw new ArgumentException(
                        $"The column \"{names[index]}\" must be mapped to a field name in quotes, one of: {string.Join(", ", FieldNames)}.");
                }

                var value = property.Value.GetString() ?? string.Empty;
                if (!TryParseField(value, out var field))
                {
                    throw new ArgumentException(
                        $"\"{value}\" (for the column \"{names[index]}\") is not a field ReOptIn knows. Use one of: {string.Join(", ", FieldNames)}.");
                }

                if (field is not (ContactField.Custom or ContactField.Ignore))
                {
                    if (owners.TryGetValue(field, out var owner))
                    {
                        throw new ArgumentException(
                            $"Both \"{owner}\" and \"{names[index]}\" are mapped to {FieldName(field)}; each field can come from one column only.");
                    }

                    owners[field] = names[index];
                }

                fields[index] = field;
            }
        }

        var columns = new ColumnRole[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            columns[i] = new ColumnRole(i, names[i], fields[i]);
        }

        return new ColumnMapping(columns) { HasHeader = hasHeader };
    }

    /// <summary>Reads a field name ("email", "firstName"; case is not significant).</summary>
    public static bool TryParseField(string? name, out ContactField field)
    {
        for (var i = 0; i < FieldNames.Length; i++)
        {
            if (string.Equals(FieldNames[i], name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                field = (ContactField)i;
                return true;
            }
        }

        field = default;
        return false;
    }

    private static int FindColumn(string key, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        var found = -1;
        var trimmed = key.Trim();
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], trimmed, StringComparison.OrdinalIgnoreCase))
            {
                if (found >= 0)
                {
                    return -1;
                }

                found = i;
            }
        }

        if (found >= 0)
        {
            return found;
        }

        return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number >= 1 && number <= names.Count
            ? number - 1
            : -1;
    }

    private static string Describe(IReadOnlyList<string> names)
    {
        const int Shown = 20;
        var quoted = names.Take(Shown).Select(n => $"\"{n}\"");
        var list = string.Join(", ", quoted);
        return names.Count > Shown
            ? string.Create(CultureInfo.InvariantCulture, $"{list} and {names.Count - Shown} more")
            : list.Length == 0 ? "(none)" : list;
    }

    private static string[] BuildFieldNames()
    {
        var values = Enum.GetValues<ContactField>();
        var names = new string[values.Length];
        foreach (var value in values)
        {
            names[(int)value] = JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
        }

        return names;
    }
}
