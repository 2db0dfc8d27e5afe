using System.Globalization;

namespace ReOptIn.Core.Importing.Mapping;

/// <summary>
/// Suggests what each column of an uploaded file holds, from its header and a few sample rows, and
/// carries a list's remembered mapping over to a re-upload.
/// </summary>
/// <remarks>
/// <para>Rules, in order:</para>
/// <list type="number">
/// <item>Header cells are matched on a normalised key (case, accents, punctuation, underscores and spaces
/// ignored) against the names that common exports write (Mailchimp, Google Contacts, Outlook, Thunderbird,
/// Shopify, Substack, beehiiv, HubSpot, ActiveCampaign, Salesforce, WooCommerce…) and what people write in
/// English, French, German and Spanish.</item>
/// <item>The email column is chosen by content: among the columns whose header names an email and the
/// columns whose sample cells hold addresses, the one with the most address-like cells wins (a cell that is an
/// address, or a list of addresses, beats a cell that merely contains one, such as "Jane (jane@example.com)");
/// the header only breaks ties ("Email" before "E-mail 2 - Value"), then the leftmost column.</item>
/// <item>"Name" / "Nom" is the last name when a first-name column exists and no last-name column does
/// (French "Prénom, Nom", German "Vorname, Name"); otherwise it is the full name. Spanish "Nombre" is the first name.</item>
/// <item>Each field except <see cref="ContactField.Custom"/> and <see cref="ContactField.Ignore"/> goes to one
/// column only: the best-named one (for date fields, one whose samples hold dates beats one whose samples do not);
/// the others are kept as custom attributes.</item>
/// <item>Unrecognised columns are <see cref="ContactField.Custom"/> under their header name. A column with an empty
/// header is named "Column N" and is Custom when its samples hold something, else Ignore.</item>
/// <item>Without a header row, columns are named "Column 1", "Column 2"…; the email column is found by content,
/// and first and last name only when exactly two adjacent columns hold single capitalised words (or full name when
/// exactly one column holds "First Last" pairs); everything else is Custom.</item>
/// </list>
/// </remarks>
public static class ColumnMapper
{
    /// <summary>The header score of a column whose header does not name an email.</summary>
    private const int NoHeader = 0;

    /// <summary>Suggests a mapping. <paramref name="header"/> is null when the file has no header row.</summary>
    public static ColumnMapping Suggest(IReadOnlyList<string>? header, IReadOnlyList<string[]> sampleRows)
    {
        ArgumentNullException.ThrowIfNull(sampleRows);

        var count = header?.Count ?? 0;
        foreach (var row in sampleRows)
        {
            count = Math.Max(count, row?.Length ?? 0);
        }

        var names = ColumnNames(header, count);
        var stats = new ColumnStats[count];
        for (var i = 0; i < count; i++)
        {
            stats[i] = ColumnStats.Measure(sampleRows, i);
        }

        var hints = new HeaderHint?[count];
        if (header is not null)
        {
            for (var i = 0; i < header.Count; i++)
            {
                hints[i] = HeaderVocabulary.Recognise(header[i]);
            }
        }

        var fields = new ContactField[count];
        for (var i = 0; i < count; i++)
        {
            var hasName = header is not null && i < header.Count && !string.IsNullOrWhiteSpace(header[i]);
            fields[i] = hasName || stats[i].NonEmpty > 0 ? ContactField.Custom : ContactField.Ignore;
        }

        var email = ChooseEmail(hints, stats, header is not null);
        if (email >= 0)
        {
            fields[email] = ContactField.Email;
        }

        if (header is not null)
        {
            AssignFromHeader(hints, stats, fields);
        }
        else
        {
            GuessNamesByContent(sampleRows, fields);
        }

        var columns = new ColumnRole[count];
        for (var i = 0; i < count; i++)
        {
            columns[i] = new ColumnRole(i, names[i], fields[i]);
        }

        return new ColumnMapping(columns) { HasHeader = header is not null };
    }

    /// <summary>
    /// Applies a list's remembered mapping to a new upload. With a header, columns are matched by name
    /// (exactly, else ignoring case, accents and punctuation); columns the remembered mapping does not know
    /// become <see cref="ContactField.Custom"/>. A remembered mapping of a file without header applies by position
    /// (pass <paramref name="newHeader"/> = null for a new file without header). Each non-custom field still goes to one
    /// column only. Check <see cref="ColumnMapping.IndexOf"/> for <see cref="ContactField.Email"/>: when the email
    /// column was renamed the result has none, and <see cref="Suggest"/> should be offered instead.
    /// </summary>
    public static ColumnMapping Remap(ColumnMapping remembered, IReadOnlyList<string>? newHeader, int columnCount = 0)
    {
        ArgumentNullException.ThrowIfNull(remembered);

        var count = Math.Max(newHeader?.Count ?? 0, columnCount);
        var names = ColumnNames(newHeader, count);
        var fields = new ContactField[count];
        var taken = new HashSet<ContactField>();

        Dictionary<string, ContactField>? byName = null;
        Dictionary<string, ContactField?>? byKey = null;
        if (remembered.HasHeader && newHeader is not null)
        {
            byName = new Dictionary<string, ContactField>(StringComparer.Ordinal);
            byKey = new Dictionary<string, ContactField?>(StringComparer.Ordinal);
            foreach (var role in remembered.Columns)
            {
                byName.TryAdd(role.Name, role.Field);
                var key = HeaderVocabulary.Normalize(role.Name);
                // A key two remembered columns share decides nothing.
                byKey[key] = byKey.ContainsKey(key) ? null : role.Field;
            }
        }

        for (var i = 0; i < count; i++)
        {
            ContactField field;
            if (byName is not null && byKey is not null)
            {
                if (!byName.TryGetValue(names[i], out field))
                {
                    field = byKey.TryGetValue(HeaderVocabulary.Normalize(names[i]), out var byKeyField) && byKeyField is { } f
                        ? f
                        : ContactField.Custom;
                }
            }
            else
            {
                field = remembered.Columns.FirstOrDefault(c => c.Index == i)?.Field ?? ContactField.Custom;
            }

            if (field is not (ContactField.Custom or ContactField.Ignore) && !taken.Add(field))
            {
                field = ContactField.Custom;
            }

            fields[i] = field;
        }

        var columns = new ColumnRole[count];
        for (var i = 0; i < count; i++)
        {
            columns[i] = new ColumnRole(i, names[i], fields[i]);
        }

        return new ColumnMapping(columns) { HasHeader = newHeader is not null };
    }

    /// <summary>
    /// The names columns go by in a mapping and its JSON: the trimmed header text; "Column N" (1-based) without a
    /// header or for an empty header cell; a name that repeats (ignoring case) gets " (N)" appended.
    /// </summary>
    public static IReadOnlyList<string> ColumnNames(IReadOnlyList<string?>? header, int columnCount)
    {
        var count = Math.Max(header?.Count ?? 0, columnCount);
        var names = new string[count];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            var text = header is not null && i < header.Count ? header[i]?.Trim().Trim('\uFEFF').Trim() : null;
            var name = string.IsNullOrEmpty(text) ? DefaultName(i) : text;
            var candidate = name;
            for (var n = 0; !seen.Add(candidate); n++)
            {
                candidate = n == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{name} ({i + 1})")
                    : string.Create(CultureInfo.InvariantCulture, $"{name} ({i + 1}.{n})");
            }

            names[i] = candidate;
        }

        return names;
    }

    internal static string DefaultName(int index) => string.Create(CultureInfo.InvariantCulture, $"Column {index + 1}");

    private static int ChooseEmail(HeaderHint?[] hints, ColumnStats[] stats, bool hasHeader)
    {
        var best = -1;
        for (var i = 0; i < stats.Length; i++)
        {
            var headerScore = hints[i] is { Field: ContactField.Email } hint ? hint.Score : NoHeader;
            if (headerScore == NoHeader && !stats[i].LooksLikeEmailColumn(hasHeader))
            {
                continue;
            }

            // Clean addresses first, then cells that contain one, then the header.
            if (best < 0 || Better(stats[i].FullAddresses, stats[i].AddressPoints, headerScore, stats[best].FullAddresses, stats[best].AddressPoints, EmailScore(hints[best])))
            {
                best = i;
            }
        }

        return best;

        static int EmailScore(HeaderHint? hint) => hint is { Field: ContactField.Email } h ? h.Score : NoHeader;
    }

    private static bool Better(int content, int header, int bestContent, int bestHeader) =>
        content > bestContent || (content == bestContent && header > bestHeader);

    private static bool Better(int full, int points, int header, int bestFull, int bestPoints, int bestHeader) =>
        full > bestFull || (full == bestFull && Better(points, header, bestPoints, bestHeader));

    private static void AssignFromHeader(HeaderHint?[] hints, ColumnStats[] stats, ContactField[] fields)
    {
        var hasFirst = false;
        var hasLast = false;
        foreach (var hint in hints)
        {
            hasFirst |= hint is { Field: ContactField.FirstName };
            hasLast |= hint is { Field: ContactField.LastName };
        }

        var nameField = hasFirst && !hasLast ? ContactField.LastName : ContactField.FullName;
        var best = new Dictionary<ContactField, (int Index, int Content, int Score)>();
        for (var i = 0; i < hints.Length; i++)
        {
            if (fields[i] == ContactField.Email || hints[i] is not { } hint || hint.Field == ContactField.Email)
            {
                continue;
            }

            var field = hint.AmbiguousName ? nameField : hint.Field;
            var content = field is ContactField.ConsentAt or ContactField.LastMailedAt ? Math.Min(1, stats[i].Dates) : 0;
            if (!best.TryGetValue(field, out var current) || Better(content, hint.Score, current.Content, current.Score))
            {
                best[field] = (i, content, hint.Score);
            }
        }

        foreach (var (field, choice) in best)
        {
            fields[choice.Index] = field;
        }
    }

    /// <summary>Names without a header: only when the columns leave little doubt.</summary>
    private static void GuessNamesByContent(IReadOnlyList<string[]> rows, ContactField[] fields)
    {
        var single = new List<int>();
        var full = new List<int>();
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i] == ContactField.Email)
            {
                continue;
            }

            switch (NameSniffer.Classify(rows, i))
            {
                case NameKind.SingleWord:
                    single.Add(i);
                    break;
                case NameKind.FullName:
                    full.Add(i);
                    break;
                default:
                    break;
            }
        }

        if (single.Count == 2 && single[1] == single[0] + 1)
        {
            fields[single[0]] = ContactField.FirstName;
            fields[single[1]] = ContactField.LastName;
        }
        else if (single.Count == 0 && full.Count == 1)
        {
            fields[full[0]] = ContactField.FullName;
        }
    }

    /// <summary>What the sample cells of one column look like.</summary>
    private readonly record struct ColumnStats(int NonEmpty, int AddressPoints, int FullAddresses, int Dates)
    {
        public static ColumnStats Measure(IReadOnlyList<string[]> rows, int index)
        {
            int nonEmpty = 0, points = 0, full = 0, dates = 0;
            foreach (var row in rows)
            {
                if (row is null || index >= row.Length || string.IsNullOrWhiteSpace(row[index]))
                {
                    continue;
                }

                var cell = row[index];
                nonEmpty++;
                switch (AddressSniffer.Classify(cell))
                {
                    case AddressLook.Address:
                        points += 2;
                        full++;
                        break;
                    case AddressLook.ContainsAddress:
                        points += 1;
                        break;
                    default:
                        break;
                }

                if (FlexibleDate.TryParseUtc(cell, out _))
                {
                    dates++;
                }
            }

            return new ColumnStats(nonEmpty, points, full, dates);
        }

        /// <summary>
        /// Whether a column whose header does not name an email may still be chosen for its content: with a header,
        /// any address-like cell counts (the content rule wins over names); without one, most filled cells must be addresses.
        /// </summary>
        public bool LooksLikeEmailColumn(bool hasHeader) =>
            AddressPoints > 0 && (hasHeader || AddressPoints >= NonEmpty);
    }
}
