using ReOptIn.Core.Importing.Mapping;

namespace ReOptIn.UnitTests.Importing.Mapping;

public sealed class ColumnMapperTests
{
    private static ContactField FieldOf(ColumnMapping mapping, string name) => mapping.Columns.Single(c => c.Name == name).Field;

    private static string? NameOf(ColumnMapping mapping, ContactField field) => mapping.ColumnFor(field)?.Name;

    /// <summary>Rows that fit the header: addresses under email-like names, names under name-like ones, dates under date-like ones.</summary>
    private static string[][] Rows(IReadOnlyList<string> header, int count = 3) =>
        Enumerable.Range(0, count).Select(r => header.Select((h, c) => Cell(h, r, c)).ToArray()).ToArray();

    private static string Cell(string header, int r, int c)
    {
        var key = header.ToUpperInvariant();
        if (key.Contains("MAIL", StringComparison.Ordinal) || key.Contains("COURRIEL", StringComparison.Ordinal)
            || key.Contains("CORREO", StringComparison.Ordinal) || key == "MÉL")
        {
            return $"person{r}.{c}@example.org";
        }

        if (key.Contains("DATE", StringComparison.Ordinal) || key.Contains("DATUM", StringComparison.Ordinal) || key.Contains("TIME", StringComparison.Ordinal)
            || key.Contains("ENVOI", StringComparison.Ordinal) || key.Contains("ENVÍO", StringComparison.Ordinal) || key.Contains("VERSAND", StringComparison.Ordinal)
            || key.Contains("ACTIVITY", StringComparison.Ordinal))
        {
            return $"2024-03-{r + 10} 10:00:00";
        }

        return $"Text{r}";
    }

    [Fact]
    public void French_headers_map_prenom_to_first_name_and_nom_to_last_name()
    {
        string[] header = ["Courriel", "Prénom", "Nom", "Pays", "Langue", "Provenance", "Date de consentement", "Dernier envoi", "Ville"];
        var mapping = ColumnMapper.Suggest(header, Rows(header));

        Assert.Equal("Courriel", NameOf(mapping, ContactField.Email));
        Assert.Equal("Prénom", NameOf(mapping, ContactField.FirstName));
        Assert.Equal("Nom", NameOf(mapping, ContactField.LastName));
        Assert.Equal("Pays", NameOf(mapping, ContactField.Country));
        Assert.Equal("Langue", NameOf(mapping, ContactField.Language));
        Assert.Equal("Provenance", NameOf(mapping, ContactField.Source));
        Assert.Equal("Date de consentement", NameOf(mapping, ContactField.ConsentAt));
        Assert.Equal("Dernier envoi", NameOf(mapping, ContactField.LastMailedAt));
        Assert.Equal(ContactField.Custom, FieldOf(mapping, "Ville"));
        Assert.Null(mapping.IndexOf(ContactField.FullName));
    }

    [Theory]
    [InlineData("Adresse électronique")]
    [InlineData("Adresse e-mail")]
    [InlineData("Mél")]
    [InlineData("E-mail")]
    [InlineData("Courriel")]
    public void French_email_headers_are_recognised_without_sample_rows(string emailHeader)
    {
        string[] header = ["Nom", emailHeader];
        var mapping = ColumnMapper.Suggest(header, []);

        Assert.Equal(emailHeader, NameOf(mapping, ContactField.Email));
        Assert.Equal("Nom", NameOf(mapping, ContactField.FullName));
    }

    [Fact]
    public void French_nom_is_the_full_name_when_nom_de_famille_is_also_there()
    {
        string[] header = ["Prénom", "Nom de famille", "Nom", "Adresse e-mail"];
        var mapping = ColumnMapper.Suggest(header, Rows(header));

        Assert.Equal("Prénom", NameOf(mapping, ContactField.FirstName));
        Assert.Equal("Nom de famille", NameOf(mapping, ContactField.LastName));
        Assert.Equal("Nom", NameOf(mapping, ContactField.FullName));
    }

    [Fact]
    public void German_headers_map_name_to_last_name_beside_vorname()
    {
        string[] header = ["E-Mail-Adresse", "Vorname", "Name", "Land", "Sprache", "Quelle", "Einwilligungsdatum", "Letzter Versand"];
        var mapping = ColumnMapper.Suggest(header, Rows(header));

        Assert.Equal("E-Mail-Adresse", NameOf(mapping, ContactField.Email));
        Assert.Equal("Vorname", NameOf(mapping, ContactField.FirstName));
        Assert.Equal("Name", NameOf(mapping, ContactField.LastName));
        Assert.Equal("Land", NameOf(mapping, ContactField.Country));
        Assert.Equal("Sprache", NameOf(mapping, ContactField.Language));
        Assert.Equal("Quelle", NameOf(mapping, ContactField.Source));
        Assert.Equal("Einwilligungsdatum", NameOf(mapping, ContactField.ConsentAt));
        Assert.Equal("Letzter Versand", NameOf(mapping, ContactField.LastMailedAt));
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("Vollständiger Name")]
    public void German_name_alone_is_the_full_name(string nameHeader)
    {
        string[] header = ["E-Mail", nameHeader];
        var mapping = ColumnMapper.Suggest(header, Rows(header));

        Assert.Equal("E-Mail", NameOf(mapping, ContactField.Email));
        Assert.Equal(nameHeader, NameOf(mapping, ContactField.FullName));
        Assert.Null(mapping.IndexOf(ContactField.LastName));
    }

    [Fact]
    public void German_nachname_keeps_name_as_the_full_name()
    {
        string[] header = ["Vorname", "Nachname", "Name", "E-Mail"];
        var mapping = ColumnMapper.Suggest(header, Rows(header));

        Assert.Equal("Nachname", NameOf(mapping, ContactField.LastName));
        Assert.Equal("Name", NameOf(mapping, ContactField.FullName));
    }

    [Fact]
    public void Spanish_headers_map_nombre_to_first_name_and_apellidos_to_last_name()
    {
        string[] header = ["Correo electrónico", "Nombre", "Apellido(s)", "País", "Idioma", "Origen", "Fecha de consentimiento", "Último envío"];
        var mapping = ColumnMapper.Suggest(header, Rows(header));

        Assert.Equal("Correo electrónico", NameOf(mapping, ContactField.Email));
        Assert.Equal("Nombre", NameOf(mapping, ContactField.FirstName));
        Assert.Equal("Apellido(s)", NameOf(mapping, ContactField.LastName));
        Assert.Equal("País", NameOf(mapping, ContactField.Country));
        Assert.Equal("Idioma", NameOf(mapping, ContactField.Language));
        Assert.Equal("Origen", NameOf(mapping, ContactField.Source));
        Assert.Equal("Fecha de consentimiento", NameOf(mapping, ContactField.ConsentAt));
        Assert.Equal("Último envío", NameOf(mapping, ContactField.LastMailedAt));
    }

    [Theory]
    [InlineData("Nombre completo", ContactField.FullName)]
    [InlineData("Nombre", ContactField.FirstName)]
    [InlineData("Apellido", ContactField.LastName)]
    [InlineData("Apellidos", ContactField.LastName)]
    public void Spanish_name_headers_have_their_own_meaning(string nameHeader, ContactField expected)
    {
        string[] header = ["Correo", nameHeader];
        var mapping = ColumnMapper.Suggest(header, Rows(header));

        Assert.Equal("Correo", NameOf(mapping, ContactField.Email));
        Assert.Equal(expected, FieldOf(mapping, nameHeader));
    }

    [Theory]
    [InlineData("E_MAIL", ContactField.Email)]
    [InlineData("e-mail 1 - value", ContactField.Email)]
    [InlineData("  Email Address ", ContactField.Email)]
    [InlineData("EMAIL", ContactField.Email)]
    [InlineData("Mail", ContactField.Email)]
    [InlineData("Primary Email", ContactField.Email)]
    [InlineData("Customer Email", ContactField.Email)]
    [InlineData("FIRST_NAME", ContactField.FirstName)]
    [InlineData("FirstName", ContactField.FirstName)]
    [InlineData("Given Name", ContactField.FirstName)]
    [InlineData("first-name", ContactField.FirstName)]
    [InlineData("Surname", ContactField.LastName)]
    [InlineData("Family Name", ContactField.LastName)]
    [InlineData("LAST_NAME", ContactField.LastName)]
    [InlineData("Full Name", ContactField.FullName)]
    [InlineData("Nom complet", ContactField.FullName)]
    [InlineData("Country Code", ContactField.Country)]
    [InlineData("Country / Region", ContactField.Country)]
    [InlineData("Locale", ContactField.Language)]
    [InlineData("How we got this address", ContactField.Source)]
    [InlineData("Source", ContactField.Source)]
    [InlineData("OPTIN_TIME", ContactField.ConsentAt)]
    [InlineData("CONFIRM_TIME", ContactField.ConsentAt)]
    [InlineData("Consent date", ContactField.ConsentAt)]
    [InlineData("Date de consentement", ContactField.ConsentAt)]
    [InlineData("Last Activity Date", ContactField.LastMailedAt)]
    [InlineData("Last mailed", ContactField.LastMailedAt)]
    [InlineData("Last active", ContactField.LastMailedAt)]
    [InlineData("Manager's Name", ContactField.Custom)]
    [InlineData("Username", ContactField.Custom)]
    [InlineData("E-mail Type", ContactField.Custom)]
    [InlineData("Accepts Email Marketing", ContactField.Custom)]
    [InlineData("Email Opt Out", ContactField.Custom)]
    [InlineData("email_disabled", ContactField.Custom)]
    [InlineData("Favourite colour", ContactField.Custom)]
    public void Header_names_are_normalised_before_matching(string name, ContactField expected)
    {
        string[] header = ["Something", name];
        var mapping = ColumnMapper.Suggest(header, [["x", ""], ["y", ""]]);

        Assert.Equal(expected, mapping.Columns[1].Field);
        Assert.Equal(name.Trim(), mapping.Columns[1].Name);
    }

    [Fact]
    public void The_email_column_is_chosen_by_content_over_a_misleading_header()
    {
        string[] header = ["Email", "", "Notes"];
        string[][] rows =
        [
            ["Jane Doe", "jane@example.com", "met at fair"],
            ["Omar Haddad", "omar@example.net", ""],
            ["Li Wei", "li.wei@example.org", "VIP"],
        ];

        var mapping = ColumnMapper.Suggest(header, rows);

        Assert.Equal(1, mapping.IndexOf(ContactField.Email));
        Assert.Equal("Column 2", mapping.Columns[1].Name);
        Assert.Equal(ContactField.Custom, mapping.Columns[0].Field);
        Assert.Equal("Email", mapping.Columns[0].Name);
    }

    [Fact]
    public void The_second_email_group_wins_when_it_holds_more_addresses()
    {
        string[] header = ["First Name", "E-mail 1 - Value", "E-mail 2 - Value"];
        string[][] rows =
        [
            ["Jane", "", "jane@example.com"],
            ["Omar", "omar@example.net", "omar@work.example"],
            ["Li", "", "li@example.org"],
        ];

        var mapping = ColumnMapper.Suggest(header, rows);

        Assert.Equal("E-mail 2 - Value", NameOf(mapping, ContactField.Email));
        Assert.Equal(ContactField.Custom, FieldOf(mapping, "E-mail 1 - Value"));
    }

    [Fact]
    public void The_header_breaks_a_tie_on_content()
    {
        string[] header = ["Secondary Email", "Primary Email"];
        string[][] rows = [["a@example.com", "b@example.com"], ["c@example.com", "d@example.com"]];

        var mapping = ColumnMapper.Suggest(header, rows);

        Assert.Equal("Primary Email", NameOf(mapping, ContactField.Email));
    }

    [Fact]
    public void A_cell_that_only_contains_an_address_counts_less_than_a_clean_address()
    {
        string[] header = ["E-mail Display Name", "Contact"];
        string[][] rows = [["Jane Doe (jane@example.com)", "jane@example.com"], ["Omar (omar@example.net)", "omar@example.net"]];

        var mapping = ColumnMapper.Suggest(header, rows);

        Assert.Equal("Contact", NameOf(mapping, ContactField.Email));
    }

    [Fact]
    public void Notes_that_mention_addresses_do_not_beat_a_sparse_email_column()
    {
        string[] header = ["Email", "Notes"];
        string[][] rows =
        [
            ["", "write to jane@example.com"],
            ["", "boss is omar@example.net"],
            ["li@example.org", "via li@example.org"],
        ];

        var mapping = ColumnMapper.Suggest(header, rows);

        Assert.Equal("Email", NameOf(mapping, ContactField.Email));
    }

    [Fact]
    public void Cells_listing_several_addresses_count_as_addresses()
    {
        string[] header = ["Other", "E-mail 1 - Value"];
        string[][] rows =
        [
            ["x@example.com", "jane@example.com ::: jane@work.example"],
            ["y@example.com", "omar@example.net; omar@home.example"],
        ];

        var mapping = ColumnMapper.Suggest(header, rows);

        Assert.Equal("E-mail 1 - Value", NameOf(mapping, ContactField.Email));
    }

    [Fact]
    public void Outlook_home_country_is_preferred_to_the_business_one()
    {
        string[] header = ["E-mail Address", "Business Country/Region", "Home Country/Region"];
        var mapping = ColumnMapper.Suggest(header, []);

        Assert.Equal("Home Country/Region", NameOf(mapping, ContactField.Country));
    }

    [Theory]
    [InlineData("jane")]
    [InlineData("jane@")]
    [InlineData("@example.com")]
    [InlineData("jane@localhost")]
    [InlineData("jane@example.")]
    [InlineData("a@b@example.com")]
    public void Cells_that_are_not_addresses_do_not_make_an_email_column(string cell)
    {
        string[] header = ["Code", "Name"];
        var mapping = ColumnMapper.Suggest(header, [[cell, "Jane Doe"], [cell, "Omar Haddad"]]);

        Assert.Null(mapping.IndexOf(ContactField.Email));
    }

    [Fact]
    public void An_email_header_without_sample_rows_still_maps_the_column()
    {
        var mapping = ColumnMapper.Suggest(["Name", "Email Address"], []);

        Assert.Equal(1, mapping.IndexOf(ContactField.Email));
    }

    [Fact]
    public void Each_field_goes_to_one_column_only()
    {
        string[] header = ["Email", "E-mail", "First Name", "Prénom", "Country", "Pays"];
        var mapping = ColumnMapper.Suggest(header, Rows(header));

        Assert.Equal("Email", NameOf(mapping, ContactField.Email));
        Assert.Equal("First Name", NameOf(mapping, ContactField.FirstName));
        Assert.Equal("Country", NameOf(mapping, ContactField.Country));
        Assert.Equal(ContactField.Custom, FieldOf(mapping, "E-mail"));
        Assert.Equal(ContactField.Custom, FieldOf(mapping, "Prénom"));
        Assert.Equal(ContactField.Custom, FieldOf(mapping, "Pays"));
    }

    [Fact]
    public void A_consent_column_with_dates_beats_a_better_named_empty_one()
    {
        string[] header = ["Email", "OPTIN_TIME", "CONFIRM_TIME"];
        string[][] rows = [["a@example.com", "", "2019-05-02 09:20:31"], ["b@example.com", "", "2019-06-01 10:00:00"]];

        var mapping = ColumnMapper.Suggest(header, rows);

        Assert.Equal("CONFIRM_TIME", NameOf(mapping, ContactField.ConsentAt));
    }

    [Fact]
    public void Empty_header_cells_are_ignored_when_empty_and_kept_when_filled()
    {
        string[] header = ["Email", "", "Notes", ""];
        string[][] rows = [["a@example.com", "blue", "x", ""], ["b@example.com", "", "y", ""]];

        var mapping = ColumnMapper.Suggest(header, rows);

        Assert.Equal(new[] { "Email", "Column 2", "Notes", "Column 4" }, mapping.Columns.Select(c => c.Name));
        Assert.Equal(
            new[] { ContactField.Email, ContactField.Custom, ContactField.Custom, ContactField.Ignore },
            mapping.Columns.Select(c => c.Field));
    }

    [Fact]
    public void Repeated_header_names_are_made_unique_and_rows_wider_than_the_header_get_column_names()
    {
        string[] header = ["Email", "Notes", "Notes"];
        string[][] rows = [["a@example.com", "x", "y", "extra"]];

        var mapping = ColumnMapper.Suggest(header, rows);

        Assert.Equal(new[] { "Email", "Notes", "Notes (3)", "Column 4" }, mapping.Columns.Select(c => c.Name));
        Assert.True(mapping.HasHeader);
    }

    [Fact]
    public void Without_a_header_the_columns_are_numbered_and_email_and_names_are_found_by_content()
    {
        string[][] rows =
        [
            ["Jane", "Doe", "jane@example.com", "2024-01-02"],
            ["Omar", "Haddad", "omar@example.net", "2024-01-03"],
            ["Zoë", "Müller", "zoe@example.de", "2024-02-01"],
            ["Jean-Pierre", "O'Neill", "jp@example.fr", "2024-02-11"],
        ];

        var mapping = ColumnMapper.Suggest(null, rows);

        Assert.False(mapping.HasHeader);
        Assert.Equal(new[] { "Column 1", "Column 2", "Column 3", "Column 4" }, mapping.Columns.Select(c => c.Name));
        Assert.Equal(
            new[] { ContactField.FirstName, ContactField.LastName, ContactField.Email, ContactField.Custom },
            mapping.Columns.Select(c => c.Field));
    }

    [Fact]
    public void Without_a_header_a_column_of_first_and_last_names_is_the_full_name()
    {
        string[][] rows = [["jane@example.com", "Jane Doe"], ["omar@example.net", "Omar Haddad"], ["li@example.org", "Jean de la Fontaine"]];

        var mapping = ColumnMapper.Suggest(null, rows);

        Assert.Equal(0, mapping.IndexOf(ContactField.Email));
        Assert.Equal(1, mapping.IndexOf(ContactField.FullName));
    }

    [Fact]
    public void Without_a_header_names_are_not_guessed_when_unsure()
    {
        // Three columns of single capitalised words: which two are the names?
        string[][] rows =
        [
            ["Jane", "Doe", "Paris", "jane@example.com", "active"],
            ["Omar", "Haddad", "Lyon", "omar@example.net", "active"],
            ["Li", "Wei", "Nantes", "li@example.org", "active"],
            ["Ana", "Silva", "Lille", "ana@example.org", "active"],
        ];

        var mapping = ColumnMapper.Suggest(null, rows);

        Assert.Equal(3, mapping.IndexOf(ContactField.Email));
        Assert.Null(mapping.IndexOf(ContactField.FirstName));
        Assert.Null(mapping.IndexOf(ContactField.LastName));
        Assert.Null(mapping.IndexOf(ContactField.FullName));
        Assert.All(mapping.Columns.Where(c => c.Index != 3), c => Assert.Equal(ContactField.Custom, c.Field));
    }

    [Fact]
    public void Without_a_header_codes_and_statuses_are_not_taken_for_names()
    {
        string[][] rows = [["FR", "jane@example.com", "Subscribed"], ["DE", "omar@example.net", "Unsubscribed"], ["US", "li@example.org", "Subscribed"]];

        var mapping = ColumnMapper.Suggest(null, rows);

        Assert.Equal(1, mapping.IndexOf(ContactField.Email));
        Assert.Null(mapping.IndexOf(ContactField.FirstName));
        Assert.Null(mapping.IndexOf(ContactField.LastName));
    }

    [Fact]
    public void Without_a_header_a_column_of_mostly_text_is_not_the_email_column()
    {
        string[][] rows = [["Jane", "met jane@example.com at the fair"], ["Omar", "no address"], ["Li", "called twice"]];

        var mapping = ColumnMapper.Suggest(null, rows);

        Assert.Null(mapping.IndexOf(ContactField.Email));
    }

    [Fact]
    public void Remap_applies_a_remembered_mapping_by_name_to_a_reordered_upload()
    {
        string[] header = ["Courriel", "Prénom", "Nom", "Ville"];
        var remembered = ColumnMappingJson.Apply("""{"Courriel":"email","Prénom":"firstName","Nom":"lastName","Ville":"ignore"}""", header);

        var remapped = ColumnMapper.Remap(remembered, ["ville", "NOM", "Courriel", "Prénom", "Téléphone"]);

        Assert.Equal(
            new[] { ContactField.Ignore, ContactField.LastName, ContactField.Email, ContactField.FirstName, ContactField.Custom },
            remapped.Columns.Select(c => c.Field));
        Assert.Equal(new[] { "ville", "NOM", "Courriel", "Prénom", "Téléphone" }, remapped.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Remap_with_the_same_header_gives_back_the_remembered_mapping()
    {
        string[] header = ["Email Address", "First Name", "Last Name", "OPTIN_TIME", "TAGS"];
        var remembered = ColumnMapper.Suggest(header, Rows(header));

        Assert.Equal(remembered, ColumnMapper.Remap(remembered, header));
    }

    [Fact]
    public void Remap_of_a_file_without_header_goes_by_position()
    {
        var remembered = ColumnMappingJson.ToJson(ColumnMapper.Suggest(null, [["x", "jane@example.com"], ["y", "omar@example.net"]]));
        var mapping = ColumnMappingJson.Apply(remembered, ColumnMapper.ColumnNames(null, 2), hasHeader: false);

        var remapped = ColumnMapper.Remap(mapping, null, columnCount: 3);

        Assert.Equal(new[] { ContactField.Custom, ContactField.Email, ContactField.Custom }, remapped.Columns.Select(c => c.Field));
        Assert.False(remapped.HasHeader);
    }

    [Fact]
    public void Remap_reports_no_email_when_the_email_column_was_renamed()
    {
        var remembered = ColumnMapper.Suggest(["Email", "Name"], []);

        var remapped = ColumnMapper.Remap(remembered, ["Contact", "Name"]);

        Assert.Null(remapped.IndexOf(ContactField.Email));
        Assert.Equal(ContactField.FullName, remapped.Columns[1].Field);
    }
}
