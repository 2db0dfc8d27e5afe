using ReOptIn.Core.Importing.Mapping;

namespace ReOptIn.UnitTests.Importing.Mapping;

public sealed class ColumnMappingJsonTests
{
    private static readonly string[] Header = ["Email Address", "Prénom", "Nom", "Notes", "OPTIN_TIME"];

    [Fact]
    public void A_mapping_is_written_as_an_object_from_column_name_to_camel_case_field()
    {
        var mapping = ColumnMapper.Suggest(Header, [["jane@example.com", "Jane", "Doe", "", "2019-05-02 09:14:00"]]);

        var json = ColumnMappingJson.ToJson(mapping);

        Assert.Equal("""{"Email Address":"email","Prénom":"firstName","Nom":"lastName","Notes":"custom","OPTIN_TIME":"consentAt"}""", json);
    }

    [Fact]
    public void Every_field_has_the_documented_json_name()
    {
        Assert.Equal(
            new[] { "ignore", "email", "firstName", "lastName", "fullName", "source", "country", "language", "lastMailedAt", "consentAt", "custom" },
            Enum.GetValues<ContactField>().Select(ColumnMappingJson.FieldName));
    }

    [Fact]
    public void A_mapping_survives_a_round_trip_through_json()
    {
        string[] header = ["Email", "Name", "", "Pays", "Langue", "Source", "Last mailed", "Consent date", "Notes", "Notes"];
        var mapping = ColumnMapper.Suggest(header, [["a@example.com", "Jane Doe", "", "FR", "fr", "fair", "2024-01-01", "2020-01-01", "x", "y"]]);

        var back = ColumnMappingJson.Apply(ColumnMappingJson.ToJson(mapping), header);

        Assert.Equal(mapping, back);
        Assert.Equal(
            new[] { ContactField.Email, ContactField.FullName, ContactField.Ignore, ContactField.Country, ContactField.Language, ContactField.Source, ContactField.LastMailedAt, ContactField.ConsentAt, ContactField.Custom, ContactField.Custom },
            back.Columns.Select(c => c.Field));
    }

    [Fact]
    public void A_mapping_without_header_uses_column_numbers_and_survives_a_round_trip()
    {
        var mapping = ColumnMapper.Suggest(null, [["Jane", "Doe", "jane@example.com"], ["Omar", "Haddad", "omar@example.net"]]);

        var json = ColumnMappingJson.ToJson(mapping);

        Assert.Equal("""{"1":"firstName","2":"lastName","3":"email"}""", json);
        Assert.Equal(mapping, ColumnMappingJson.Apply(json, ColumnMapper.ColumnNames(null, 3), hasHeader: false));
    }

    [Fact]
    public void Columns_the_json_does_not_name_are_custom_and_field_names_ignore_case()
    {
        var mapping = ColumnMappingJson.Apply("""{"Email Address":"Email","OPTIN_TIME":"CONSENTAT"}""", Header);

        Assert.Equal(
            new[] { ContactField.Email, ContactField.Custom, ContactField.Custom, ContactField.Custom, ContactField.ConsentAt },
            mapping.Columns.Select(c => c.Field));
        Assert.Equal(Header, mapping.Columns.Select(c => c.Name));
    }

    [Fact]
    public void A_column_may_be_named_by_its_number_or_without_regard_to_case()
    {
        var mapping = ColumnMappingJson.Apply("""{"email address":"email","2":"firstName","nom":"lastName"}""", Header);

        Assert.Equal(0, mapping.IndexOf(ContactField.Email));
        Assert.Equal(1, mapping.IndexOf(ContactField.FirstName));
        Assert.Equal(2, mapping.IndexOf(ContactField.LastName));
    }

    [Fact]
    public void An_unknown_field_name_is_refused_with_the_list_of_fields()
    {
        var error = Assert.Throws<ArgumentException>(() => ColumnMappingJson.Apply("""{"Email Address":"emial"}""", Header));

        Assert.Contains("\"emial\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Email Address", error.Message, StringComparison.Ordinal);
        Assert.Contains("firstName", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"E-mail":"email"}""", "E-mail")]
    [InlineData("""{"6":"email"}""", "\"6\"")]
    [InlineData("""{"0":"email"}""", "\"0\"")]
    public void A_column_the_file_does_not_have_is_refused_with_the_file_columns(string json, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ColumnMappingJson.Apply(json, Header));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("\"Email Address\", \"Prénom\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_columns_mapped_to_the_same_field_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ColumnMappingJson.Apply("""{"Email Address":"email","Notes":"email"}""", Header));

        Assert.Contains("\"Email Address\" and \"Notes\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("email", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_custom_and_ignored_columns_are_allowed()
    {
        var mapping = ColumnMappingJson.Apply("""{"Prénom":"custom","Nom":"custom","Notes":"ignore","OPTIN_TIME":"ignore"}""", Header);

        Assert.Equal(2, mapping.Columns.Count(c => c.Field == ContactField.Ignore));
    }

    [Fact]
    public void The_same_column_named_twice_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ColumnMappingJson.Apply("""{"Email Address":"email","1":"custom"}""", Header));

        Assert.Contains("mapped twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not json")]
    [InlineData("""{"Email Address":"email" """)]
    [InlineData("""["email"]""")]
    [InlineData("\"email\"")]
    [InlineData("""{"Email Address":1}""")]
    [InlineData("""{"Email Address":null}""")]
    [InlineData("""{"Email Address":{"field":"email"}}""")]
    public void Malformed_json_is_refused_with_an_argument_exception(string json)
    {
        var error = Assert.Throws<ArgumentException>(() => ColumnMappingJson.Apply(json, Header));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.DoesNotContain("Parameter", error.Message, StringComparison.Ordinal);
    }
}
