using System.Globalization;
using System.Text;

namespace ReOptIn.Core.Importing.Parsing;

/// <summary>
/// Decides whether the first row holds column names. Labels are words: an email address or a number in the first
/// row means data. Otherwise votes are counted: a cell that is a usual column name (in English, French, German or
/// Spanish) counts twice; a text cell above a column of addresses, numbers or dates counts once; a cell whose value
/// recurs in its column below, a repeated name or an empty cell count against. A tie goes to "header" when every
/// cell is a distinct, non-empty label, since most exported lists have one.
/// </summary>
internal static class HeaderGuess
{
    private static readonly HashSet<string> KnownLabels = new(StringComparer.Ordinal)
    {
        "email", "mail", "emails", "emailaddress", "courriel", "correo", "address", "adresse", "addresses",
        "name", "names", "firstname", "lastname", "first", "last", "given", "family", "surname", "fullname", "display",
        "nom", "prenom", "vorname", "nachname", "nombre", "apellido", "apellidos",
        "phone", "mobile", "telephone", "tel", "cell", "portable", "telefon", "telefono",
        "company", "organization", "organisation", "societe", "entreprise", "firma", "empresa",
        "city", "ville", "stadt", "ciudad", "country", "pays", "land", "pais", "state", "region",
        "zip", "postcode", "postal", "code", "street",
        "id", "title", "gender", "civilite", "anrede", "language", "langue", "sprache",
        "tags", "tag", "status", "source", "notes", "note", "comment", "comments",
        "subscribed", "subscription", "consent", "optin", "newsletter", "unsubscribed",
        "date", "created", "updated", "joined", "signup", "birthday", "birthdate", "timestamp",
    };

    public static (bool HasHeader, string Note) Decide(IReadOnlyList<string[]> rows)
    {
        var first = rows[0];
        var data = rows.Skip(1).Take(50).ToList();
        var names = string.Join(", ", first.Where(c => c.Trim().Length > 0).Take(4).Select(c => $"“{c.Trim()}”"));

        if (first.Any(c => Shape(c) == CellShape.Email))
        {
            return (false, "The first row holds an email address, so it was read as data: the file has no header row.");
        }

        if (first.Any(c => Shape(c) == CellShape.Numeric))
        {
            return (false, "The first row holds numbers, so it was read as data: the file has no header row.");
        }

        var votes = 0;
        for (var i = 0; i < first.Length; i++)
        {
            var label = first[i].Trim();
            if (label.Length == 0)
            {
                votes--;
                continue;
            }

            if (IsKnownLabel(label))
            {
                votes += 2;
            }

            var below = data.Where(r => r.Length > i && r[i].Trim().Length > 0).Select(r => r[i].Trim()).ToList();
            if (below.Count > 0 && below.Count(v => Shape(v) != CellShape.Text) * 2 >= below.Count)
            {
                votes++;
            }

            if (below.Contains(label, StringComparer.OrdinalIgnoreCase))
            {
                votes--;
            }
        }

        var distinct = first.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var allDistinctLabels = distinct == first.Length;
        if (distinct < first.Count(c => c.Trim().Length > 0))
        {
            votes--;
        }

        return votes > 0 || (votes == 0 && allDistinctLabels)
            ? (true, $"The first row looks like column names ({names}), so it is the header.")
            : (false, "The first row looks like the rows below it, so it was read as data: the file has no header row.");
    }

    private enum CellShape { Empty, Email, Numeric, Text }

    private static CellShape Shape(string cell)
    {
        var s = cell.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return CellShape.Empty;
        }

        var at = s.IndexOf('@');
        if (at > 0 && s[(at + 1)..].Contains('.') && !s.Contains(' '))
        {
            return CellShape.Email;
        }

        // Numbers, phone numbers, dates and times: digits with punctuation, no letters.
        var digits = 0;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (" +-.,:/()".IndexOf(c) < 0)
            {
                return CellShape.Text;
            }
        }

        return digits > 0 ? CellShape.Numeric : CellShape.Text;
    }

    /// <summary>"E-mail 1 - Value", "First_Name", "Prénom", "EmailAddress": words without accents, each or joined.</summary>
    private static bool IsKnownLabel(string cell)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in cell.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetter(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words.Any(KnownLabels.Contains) || KnownLabels.Contains(string.Concat(words));
    }
}
