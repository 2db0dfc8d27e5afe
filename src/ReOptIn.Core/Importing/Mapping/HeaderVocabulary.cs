using System.Globalization;
using System.Text;

namespace ReOptIn.Core.Importing.Mapping;

/// <summary>What a header name suggests: a field, how sure (0–100), and whether it is the ambiguous "Name"/"Nom".</summary>
internal readonly record struct HeaderHint(ContactField Field, int Score, bool AmbiguousName = false);

/// <summary>
/// Header names that common exports and people write, in English, French, German and Spanish (plus a few
/// Italian, Portuguese and Dutch ones), matched on a normalised key: lower case, accents removed,
/// only letters and digits kept ("E-Mail-Adresse" → "emailadresse", "E_MAIL" → "email",
/// "E-mail 1 - Value" → "email1value", "Apellido(s)" → "apellidos").
/// </summary>
internal static class HeaderVocabulary
{
    private const int Exact = 100;
    private const int Good = 90;
    private const int Fair = 70;
    private const int Weak = 50;
    private const int Prefixed = 40;
    private const int Loose = 20;

    private static readonly Dictionary<string, HeaderHint> Known = Build();

    /// <summary>Words that may come before a known key: "Customer Email", "Billing First Name", "Home Country".</summary>
    private static readonly string[] Prefixes =
    [
        "contact", "customer", "subscriber", "member", "client", "lead", "person", "user", "billing", "shipping",
        "primary", "default", "defaultaddress", "home", "work", "business", "personal", "main", "mailing", "your",
        "recipient", "account", "other",
    ];

    /// <summary>Keys a prefix may be put before. "name" is not one: "Manager's Name", "Username" are not the contact's name.</summary>
    private static readonly Dictionary<string, ContactField> PrefixableKeys = new(StringComparer.Ordinal)
    {
        ["email"] = ContactField.Email,
        ["emailaddress"] = ContactField.Email,
        ["mail"] = ContactField.Email,
        ["firstname"] = ContactField.FirstName,
        ["givenname"] = ContactField.FirstName,
        ["lastname"] = ContactField.LastName,
        ["surname"] = ContactField.LastName,
        ["familyname"] = ContactField.LastName,
        ["fullname"] = ContactField.FullName,
        ["country"] = ContactField.Country,
        ["countrycode"] = ContactField.Country,
        ["countryregion"] = ContactField.Country,
        ["language"] = ContactField.Language,
        ["locale"] = ContactField.Language,
    };

    private static readonly string[] EmailWords = ["email", "courriel", "correo", "emailadres"];

    /// <summary>Parts of a key that say a column is about the email but does not hold it ("Email Opt Out", "E-mail Type").</summary>
    private static readonly string[] NotAnAddress =
    [
        "type", "label", "display", "name", "opt", "disabled", "marketing", "status", "bounce", "consent",
        "unsub", "subscri", "date", "time", "verified", "valid", "format", "permission", "domain", "count",
        "sent", "open", "click", "campaign", "hash", "md5", "sha", "accept", "allow", "preference", "frequency",
        "digest", "enabled", "flag", "score", "rating", "quality",
    ];

    /// <summary>Recognises a header name; null when the name says nothing ReOptIn uses.</summary>
    public static HeaderHint? Recognise(string? header)
    {
        var key = Normalize(header);
        if (key.Length == 0)
        {
            return null;
        }

        if (Known.TryGetValue(key, out var hint))
        {
            return hint;
        }

        if (NumberedEmail(key) is { } numbered)
        {
            return numbered;
        }

        if (key.StartsWith("howwegot", StringComparison.Ordinal) || key.StartsWith("howdidwegetthis", StringComparison.Ordinal))
        {
            return new HeaderHint(ContactField.Source, Good);
        }

        foreach (var prefix in Prefixes)
        {
            if (key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal)
                && PrefixableKeys.TryGetValue(key[prefix.Length..], out var field))
            {
                return new HeaderHint(field, Prefixed);
            }
        }

        foreach (var word in EmailWords)
        {
            if (key.Contains(word, StringComparison.Ordinal))
            {
                foreach (var no in NotAnAddress)
                {
                    if (key.Contains(no, StringComparison.Ordinal))
                    {
                        return null;
                    }
                }

                return new HeaderHint(ContactField.Email, Loose);
            }
        }

        return null;
    }

    /// <summary>
    /// The key a header is matched on: lower case, accents and punctuation removed, letters and digits only.
    /// Allocates; meant for header cells, once per file.
    /// </summary>
    public static string Normalize(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return string.Empty;
        }

        var decomposed = header.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            switch (lower)
            {
                case 'ß':
                    builder.Append("ss");
                    break;
                case 'æ':
                    builder.Append("ae");
                    break;
                case 'œ':
                    builder.Append("oe");
                    break;
                case 'ø':
                    builder.Append('o');
                    break;
                case 'ł':
                    builder.Append('l');
                    break;
                default:
                    if (char.IsLetterOrDigit(lower))
                    {
                        builder.Append(lower);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>"E-mail 1 - Value", "E-mail 2 Address", "Email2", "courriel 2": the first is the main address, others are secondary.</summary>
    private static HeaderHint? NumberedEmail(string key)
    {
        foreach (var word in (ReadOnlySpan<string>)["email", "mail", "courriel", "correo", "emailaddress"])
        {
            if (!key.StartsWith(word, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key.AsSpan(word.Length);
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits > 3)
            {
                continue;
            }

            var suffix = rest[digits..];
            if (suffix.IsEmpty || suffix is "value" or "address" or "adresse" or "adres" or "valeur" or "wert" or "valor")
            {
                var first = rest[..digits] is "1";
                return new HeaderHint(ContactField.Email, first ? Good : Weak);
            }
        }

        return null;
    }

    private static Dictionary<string, HeaderHint> Build()
    {
        var known = new Dictionary<string, HeaderHint>(StringComparer.Ordinal);

        void Add(ContactField field, int score, params string[] keys)
        {
            foreach (var key in keys)
            {
                known.Add(key, new HeaderHint(field, score));
            }
        }

        Add(ContactField.Email, Exact,
            "email", "mail", "emailaddress", "emailaddresses", "mailaddress", "emailadresse", "mailadresse",
            "adresseemail", "adressemail", "adresseelectronique", "adressecourriel", "adressemel", "courriel",
            "courrielelectronique", "mel", "correo", "correoelectronico", "direcciondecorreo",
            "direcciondecorreoelectronico", "direcciondeemail", "direccionemail", "emailadres",
            "indirizzoemail", "postaelettronica", "enderecodeemail", "enderecoemail", "primaryemail",
            "primaryemailaddress", "subscriberemail", "contactemail", "useremail", "memberemail", "customeremail",
            "eposta", "epost");
        Add(ContactField.Email, Weak,
            "secondaryemail", "secondemail", "otheremail", "alternateemail", "alternativeemail", "workemail",
            "personalemail", "homeemail", "businessemail", "emailid");

        Add(ContactField.FirstName, Exact,
            "firstname", "fname", "givenname", "forename", "forenames", "prenom", "prenoms", "vorname", "vornamen",
            "nombre", "nombres", "nombredepila", "voornaam", "nome", "firstnames", "mergefname");
        Add(ContactField.FirstName, Fair, "first", "given", "primernombre");

        Add(ContactField.LastName, Exact,
            "lastname", "lname", "surname", "surnames", "familyname", "nachname", "familienname", "apellido",
            "apellidos", "nomdefamille", "cognome", "sobrenome", "achternaam", "lastnames", "mergelname");
        Add(ContactField.LastName, Fair, "last", "family", "primerapellido", "nomfamille", "nomdenaissance");

        Add(ContactField.FullName, Exact,
            "fullname", "nomcomplet", "vollstandigername", "vollstaendigername", "nombrecompleto",
            "nombreyapellidos", "nombreyapellido", "nombreapellidos", "nometprenom", "prenometnom", "nomprenom",
            "prenomnom", "completename", "contactname", "customername", "subscribername", "membername",
            "personname", "nomecompleto", "volledigenaam");
        Add(ContactField.FullName, Fair, "displayname", "nomaffiche", "anzeigename", "nombreparamostrar");
        known.Add("name", new HeaderHint(ContactField.FullName, Fair, AmbiguousName: true));
        known.Add("nom", new HeaderHint(ContactField.FullName, Fair, AmbiguousName: true));

        Add(ContactField.Country, Exact,
            "country", "pays", "land", "pais", "paese", "countryname");
        Add(ContactField.Country, Good,
            "countrycode", "countryregion", "countryorregion", "codepays", "codedupays", "landercode", "landcode",
            "codigodepais", "codigopais", "countryiso", "isocountry", "isocountrycode");
        Add(ContactField.Country, Weak, "cc", "mailingcountry", "defaultaddresscountrycode", "homecountryregion",
            "homecountry");
        Add(ContactField.Country, Prefixed + 5, "businesscountryregion", "businesscountry", "workcountry");

        Add(ContactField.Language, Exact,
            "language", "langue", "sprache", "idioma", "locale", "lang", "lingua", "taal", "languagecode",
            "preferredlanguage", "langcode", "codelangue", "languepreferee", "bevorzugtesprache", "idiomapreferido",
            "communicationlanguage");

        Add(ContactField.Source, Exact,
            "source", "provenance", "quelle", "origen", "origine", "fuente", "herkunft", "signupsource", "leadsource",
            "subscribersource", "contactsource", "acquisitionsource", "optinsource", "sourcedinscription",
            "fuentedeorigen", "consentsource", "howwegot");

        Add(ContactField.ConsentAt, Exact,
            "consentat", "consentdate", "consentedat", "consentdatetime", "consenttime", "consenttimestamp",
            "consentgivenat", "consentgivendate", "dateofconsent", "consentedon", "gdprconsentdate", "optintime",
            "optindate", "optinat", "optedinat", "optintimestamp", "optindatetime", "doubleoptindate",
            "doubleoptintime", "datedeconsentement", "dateduconsentement", "consentementle", "datedoptin",
            "dateoptin", "einwilligungsdatum", "datumdereinwilligung", "einwilligungam", "einwilligungszeitpunkt",
            "fechadeconsentimiento", "fechaconsentimiento", "fechadelconsentimiento");
        Add(ContactField.ConsentAt, Good, "confirmtime", "confirmedat", "confirmationdate", "confirmationtime",
            "datedeconfirmation", "bestatigungsdatum", "fechadeconfirmacion");
        Add(ContactField.ConsentAt, Weak,
            "subscribedat", "subscriptiondate", "subscribedate", "subscribedon", "signupdate", "signedupat",
            "dateinscription", "datedinscription", "anmeldedatum", "fechadesuscripcion", "fechadealta");

        Add(ContactField.LastMailedAt, Exact,
            "lastmailed", "lastmailedat", "lastmaileddate", "lastmailing", "lastmailingdate", "lastsent", "lastsentat",
            "lastsentdate", "lastemailed", "lastemailedat", "lastemaildate", "lastemailsent", "lastemailsentat",
            "lastemailsentdate", "lastcampaignsent", "lastcampaigndate", "lastmaildate", "lastsenddate",
            "dernierenvoi", "datedudernierenvoi", "datedernierenvoi", "dernieremail", "derniermail",
            "dernierenvoile", "letzterversand", "letztemail", "letzteemail", "zuletztangeschrieben",
            "datumletzterversand", "ultimoenvio", "fechadeultimoenvio", "fechaultimoenvio", "ultimocorreo");
        Add(ContactField.LastMailedAt, Fair,
            "lastactivity", "lastactivitydate", "lastactivityat", "lastactive", "lastengaged", "lastengagement",
            "lastengagementdate", "lastopen", "lastopened", "lastopendate", "lastclick", "lastclicked",
            "lastclickdate", "lastcontacted", "lastcontact", "lastcontactdate", "derniereactivite",
            "datedederniereactivite", "letzteaktivitat", "letzteaktivitaet", "ultimaactividad", "lastseen");

        return known;
    }
}
