using System.Text;
using ReOptIn.Core.Importing.Parsing;
using static ReOptIn.UnitTests.Importing.Parsing.ParsingTestFiles;

namespace ReOptIn.UnitTests.Importing.Parsing;

public sealed class FormatDetectorTests
{
    private const string French = "Prénom;Nom;Email\nHélène;Lefèvre;helene@example.com\nFrançois;Garçon;francois@example.com\n";

    private static FormatDetection Detect(byte[] bytes, bool isWholeFile = true) => FormatDetector.Detect(bytes, isWholeFile);

    private static byte[] Bytes(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    [Fact]
    public void Utf8_without_a_bom_is_read_as_utf8_with_its_accents()
    {
        var (detection, header, rows) = DetectAndRead(Encoding.UTF8.GetBytes("email,name\njose@example.com,José Núñez\n"));

        Assert.Equal(TextFormat.Utf8, detection.Format.Encoding);
        Assert.Contains(detection.Notes, n => n.Contains("valid UTF-8", StringComparison.Ordinal));
        Assert.Equal(["email", "name"], header!);
        Assert.Equal("José Núñez", Assert.Single(rows).Fields[1]);
    }

    [Fact]
    public void Utf8_with_a_bom_is_read_as_utf8_and_the_bom_is_not_part_of_the_first_column_name()
    {
        var (detection, header, _) = DetectAndRead(Bytes([0xEF, 0xBB, 0xBF], Encoding.UTF8.GetBytes("email,name\na@example.com,Zoë\n")));

        Assert.Equal(TextFormat.Utf8, detection.Format.Encoding);
        Assert.Contains(detection.Notes, n => n.Contains("UTF-8 byte-order mark", StringComparison.Ordinal));
        Assert.Equal("email", header![0]);
    }

    [Fact]
    public void Utf16_little_endian_with_a_bom_is_read_with_its_accents()
    {
        var (detection, header, rows) = DetectAndRead(Bytes([0xFF, 0xFE], Encoding.Unicode.GetBytes("Email\tNom\r\nzoe@example.com\tZoë Séverin\r\n")));

        Assert.Equal(TextFormat.Utf16LittleEndian, detection.Format.Encoding);
        Assert.Equal('\t', detection.Format.Delimiter);
        Assert.Equal(["Email", "Nom"], header!);
        Assert.Equal(["zoe@example.com", "Zoë Séverin"], Assert.Single(rows).Fields);
    }

    [Fact]
    public void Utf16_little_endian_without_a_bom_is_recognised_by_its_zero_bytes()
    {
        var (detection, _, rows) = DetectAndRead(Encoding.Unicode.GetBytes("email,name\nana@example.com,Ana Løvik\nbo@example.com,Bo\n"));

        Assert.Equal(TextFormat.Utf16LittleEndian, detection.Format.Encoding);
        Assert.Contains(detection.Notes, n => n.Contains("No byte-order mark", StringComparison.Ordinal) && n.Contains("UTF-16", StringComparison.Ordinal));
        Assert.Equal("Ana Løvik", rows[0].Fields[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf16_big_endian_is_read_with_or_without_a_bom(bool withBom)
    {
        var text = Encoding.BigEndianUnicode.GetBytes("email,name\nana@example.com,Ana Løvik\n");
        var (detection, header, rows) = DetectAndRead(withBom ? Bytes([0xFE, 0xFF], text) : text);

        Assert.Equal(TextFormat.Utf16BigEndian, detection.Format.Encoding);
        Assert.Equal(["email", "name"], header!);
        Assert.Equal("Ana Løvik", Assert.Single(rows).Fields[1]);
    }

    [Fact]
    public void A_french_excel_export_in_windows_1252_with_semicolons_keeps_its_accents()
    {
        var (detection, header, rows) = DetectAndRead(Encoding.GetEncoding(1252).GetBytes(French));

        Assert.Equal(new TextFormat(TextFormat.Windows1252, ';', HasHeader: true), detection.Format);
        Assert.Contains("No byte-order mark; the text is not valid UTF-8, so Windows-1252 (Western European) was assumed.", detection.Notes);
        Assert.Contains(detection.Notes, n => n.Contains("semicolon", StringComparison.Ordinal));
        Assert.Equal(["Prénom", "Nom", "Email"], header!);
        Assert.Equal(["Hélène", "Lefèvre", "helene@example.com"], rows[0].Fields);
        Assert.Equal(["François", "Garçon", "francois@example.com"], rows[1].Fields);
    }

    [Fact]
    public void A_sample_cut_in_the_middle_of_a_utf8_character_is_still_utf8_but_a_whole_file_ending_so_is_not()
    {
        var text = Encoding.UTF8.GetBytes("name\n" + string.Concat(Enumerable.Repeat("Hélène\n", 2000)) + "é");
        var cut = text[..^1]; // "é" is two bytes: keep the first only

        Assert.Equal(TextFormat.Utf8, Detect(cut, isWholeFile: false).Format.Encoding);
        Assert.Equal(TextFormat.Windows1252, Detect(cut, isWholeFile: true).Format.Encoding);
    }

    [Theory]
    [InlineData("email\tname\tcity\na@example.com\tAna\tOslo\nb@example.com\tBo\tRiga\n", '\t', "tab")]
    [InlineData("email|name|city\na@example.com|Ana|Oslo\nb@example.com|Bo|Riga\n", '|', "vertical bar")]
    [InlineData("email;name;city\na@example.com;Ana;Oslo\nb@example.com;Bo;Riga\n", ';', "semicolon")]
    [InlineData("email,name,city\na@example.com,Ana,Oslo\nb@example.com,Bo,Riga\n", ',', "comma")]
    public void The_delimiter_that_splits_every_row_alike_is_chosen(string text, char expected, string name)
    {
        var detection = Detect(Encoding.UTF8.GetBytes(text));

        Assert.Equal(expected, detection.Format.Delimiter);
        Assert.Contains(detection.Notes, n => n.StartsWith($"Columns are separated by {name}s: 3 columns", StringComparison.Ordinal));
    }

    [Fact]
    public void Commas_inside_unquoted_french_addresses_do_not_beat_the_semicolon()
    {
        var text = "email;adresse;ville\na@example.com;12, rue de la Paix;Paris\nb@example.com;3 place Bellecour;Lyon\nc@example.com;5, quai Vauban;Metz\n";

        Assert.Equal(';', Detect(Encoding.UTF8.GetBytes(text)).Format.Delimiter);
    }

    [Fact]
    public void When_two_delimiters_split_every_row_alike_the_one_giving_more_columns_wins()
    {
        var text = "Berg, Ana;a@example.com;Oslo\nLund, Bo;b@example.com;Riga\nDahl, Cy;c@example.com;Bergen\n";

        Assert.Equal(';', Detect(Encoding.UTF8.GetBytes(text)).Format.Delimiter);
    }

    [Fact]
    public void Semicolons_inside_quoted_cells_do_not_beat_the_comma()
    {
        var text = "email,note\na@example.com,\"met at fair; likes cats; VIP\"\nb@example.com,\"a;b\"\nc@example.com,none\n";

        Assert.Equal(',', Detect(Encoding.UTF8.GetBytes(text)).Format.Delimiter);
    }

    [Fact]
    public void A_single_column_of_addresses_gets_a_comma_and_says_so()
    {
        var detection = Detect(Encoding.UTF8.GetBytes("a@example.com\nb@example.com\n"));

        Assert.Equal(new TextFormat(TextFormat.Utf8, ',', HasHeader: false), detection.Format);
        Assert.Contains("Only one column was found, so a comma was assumed as the separator.", detection.Notes);
    }

    [Fact]
    public void An_excel_sep_line_names_the_delimiter_and_is_not_taken_for_the_header()
    {
        var detection = Detect(Encoding.UTF8.GetBytes("sep=;\r\nemail;name\r\na@example.com;Ana\r\n"));

        Assert.Equal(new TextFormat(TextFormat.Utf8, ';', HasHeader: true), detection.Format);
        Assert.Contains(detection.Notes, n => n.Contains("sep=;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("email,name\na@example.com,Ana\nb@example.com,Bo\n", true)]
    [InlineData("Adresse e-mail;Prénom\na@example.com;Ana\n", true)]
    [InlineData("E-mail 1 - Value,Given Name,Family Name\na@example.com,Ana,Berg\n", true)]
    [InlineData("Contact,Joined\na@example.com,2024-01-05\nb@example.com,2024-02-11\n", true)] // labels above an address and a date column
    [InlineData("id,score\n1,20\n2,30\n", true)]
    [InlineData("email,name\n", true)] // a header alone
    [InlineData("Name,City,\nAna,Oslo,\nBo,Riga,\n", true)] // usual column names outweigh an unnamed column
    [InlineData("a@example.com,Ana\nb@example.com,Bo\n", false)]
    [InlineData("1,20\n2,30\n", false)]
    [InlineData("Ana,Berg,\nBo,Lund,\n", false)] // an empty cell is no column name
    [InlineData("Ana,Oslo\nBo,Oslo\n", false)] // a value that recurs below is data
    public void The_first_row_is_a_header_when_its_cells_look_like_column_names(string text, bool expected)
    {
        var detection = Detect(Encoding.UTF8.GetBytes(text));

        Assert.Equal(expected, detection.Format.HasHeader);
        Assert.Contains(detection.Notes, n => n.Contains(expected ? "is the header" : "no header row", StringComparison.Ordinal));
    }

    [Fact]
    public void The_header_note_names_the_columns_found()
    {
        var detection = Detect(Encoding.UTF8.GetBytes("Email,First name\na@example.com,Ana\n"));

        Assert.Contains("The first row looks like column names (“Email”, “First name”), so it is the header.", detection.Notes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n  \n")]
    [InlineData("\uFEFF")]
    public void An_empty_file_is_refused_with_a_message_saying_so(string text)
    {
        var e = Refused(() => Detect(Encoding.UTF8.GetBytes(text)));

        Assert.Equal("empty-file", e.Code);
        Assert.StartsWith("The file is empty.", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, "PNG image")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46 }, "JPEG image")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, "PDF document")]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0 }, "gzip archive")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0 }, "ZIP archive")]
    public void Images_documents_and_archives_are_refused_as_binary_and_named(byte[] start, string what)
    {
        var e = Refused(() => Detect([.. start, .. Encoding.ASCII.GetBytes("email,name\na@example.com,Ana\n")]));

        Assert.Equal("binary-file", e.Code);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_excel_workbook_uploaded_as_csv_is_refused_with_how_to_save_it_as_csv()
    {
        var xlsx = Bytes([0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0], Encoding.ASCII.GetBytes("....[Content_Types].xml....xl/workbook.xml"));

        var e = Refused(() => Detect(xlsx));

        Assert.Equal("binary-file", e.Code);
        Assert.Contains("Excel workbook", e.Message, StringComparison.Ordinal);
        Assert.Contains("CSV UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_full_of_control_bytes_without_a_known_signature_is_refused_as_binary()
    {
        var random = new byte[4096];
        new Random(42).NextBytes(random);

        Assert.Equal("binary-file", Refused(() => Detect(random)).Code);
    }

    [Fact]
    public void A_few_stray_nul_bytes_in_a_list_do_not_make_it_binary()
    {
        var detection = Detect(Encoding.UTF8.GetBytes("email,name\na@example.com,An\0a\nb@example.com,Bo\0\n"));

        Assert.Equal(new TextFormat(TextFormat.Utf8, ',', HasHeader: true), detection.Format);
    }
}
