using System.Text;
using ReOptIn.Core.Importing.Parsing;
using static ReOptIn.UnitTests.Importing.Parsing.ParsingTestFiles;

namespace ReOptIn.UnitTests.Importing.Parsing;

public sealed class DelimitedReaderTests
{
    private static readonly TextFormat Csv = new(TextFormat.Utf8, ',', HasHeader: true);

    [Fact]
    public void Quoted_cells_keep_their_commas_line_breaks_and_doubled_quotes()
    {
        var (_, rows) = ReadAll("email,note\na@example.com,\"Berg, Ana\"\nb@example.com,\"two\nlines\"\nc@example.com,\"she said \"\"hi\"\"\"\n", hasHeader: true);

        Assert.Equal(["a@example.com", "Berg, Ana"], rows[0].Fields);
        Assert.Equal(["b@example.com", "two\nlines"], rows[1].Fields);
        Assert.Equal(["c@example.com", "she said \"hi\""], rows[2].Fields);
    }

    [Fact]
    public void Row_numbers_are_the_line_of_the_first_line_counting_the_header_blank_lines_and_quoted_line_breaks()
    {
        var (header, rows) = ReadAll("email,note\n\na@example.com,\"one\ntwo\nthree\"\nb@example.com,x\n", hasHeader: true);

        Assert.Equal(["email", "note"], header!);
        Assert.Equal([3L, 6L], rows.Select(r => r.Number));
    }

    [Fact]
    public void Windows_unix_and_old_mac_line_endings_can_be_mixed()
    {
        var (_, rows) = ReadAll("a@example.com,1\r\nb@example.com,2\nc@example.com,3\rd@example.com,4");

        Assert.Equal(["a@example.com", "b@example.com", "c@example.com", "d@example.com"], rows.Select(r => r.Fields[0]));
        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => r.Number));
        Assert.All(rows, r => Assert.DoesNotContain('\r', r.Fields[1]));
    }

    [Fact]
    public void Ragged_rows_return_the_cells_they_have()
    {
        var (_, rows) = ReadAll("email,first,last\na@example.com\nb@example.com,Bo,Lund,extra,more\n", hasHeader: true);

        Assert.Equal(["a@example.com"], rows[0].Fields);
        Assert.Equal(["b@example.com", "Bo", "Lund", "extra", "more"], rows[1].Fields);
    }

    [Fact]
    public void Blank_lines_and_rows_of_empty_cells_are_skipped()
    {
        var (_, rows) = ReadAll("email,name\n\na@example.com,Ana\n   \n,,\r\n\r\nb@example.com,Bo\n,\n", hasHeader: true);

        Assert.Equal(["a@example.com", "b@example.com"], rows.Select(r => r.Fields[0]));
        Assert.Equal([3L, 7L], rows.Select(r => r.Number));
    }

    [Fact]
    public void Nul_characters_are_removed_from_cells()
    {
        var (_, rows) = ReadAll("a@exa\0mple.com,A\0na\0\n");

        // Joined and compared as one string: array equality can compare strings by culture, where NUL is ignorable.
        Assert.Equal("a@example.com|Ana", string.Join('|', Assert.Single(rows).Fields));
    }

    [Fact]
    public void Invalid_bytes_in_a_utf8_file_become_replacement_characters_instead_of_failing()
    {
        byte[] bytes = [.. "a@example.com,Ren"u8, 0xE9, .. ",ok\nb@example.com,Bo,ok\n"u8];

        var (_, rows) = ReadAll(bytes, new TextFormat(TextFormat.Utf8, ',', HasHeader: false));

        Assert.Equal("a@example.com|Ren\uFFFD|ok", string.Join('|', rows[0].Fields));
        Assert.Equal("Bo", rows[1].Fields[1]);
    }

    [Fact]
    public void A_ten_megabyte_line_is_refused_with_its_line_number()
    {
        var bytes = Encoding.ASCII.GetBytes("email,name\n" + new string('x', 10_000_000) + "\n");

        var e = Refused(() => ReadAll(bytes, Csv));

        Assert.Equal("line-too-long", e.Code);
        Assert.Contains("Line 2 is longer than 100,000 characters", e.Message, StringComparison.Ordinal);
        Assert.Contains("quote mark", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cell_over_the_limit_is_refused_even_when_the_whole_file_fits_in_one_buffer()
    {
        var e = Refused(() => ReadAll(Encoding.ASCII.GetBytes("email\na@example.com\nan-address-far-too-long@example.com\n"), Csv, maxFieldLength: 20));

        Assert.Equal("line-too-long", e.Code);
        Assert.Contains("Line 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_left_open_to_the_end_of_the_file_is_refused_with_the_line_where_it_opened()
    {
        var text = "email,note\na@example.com,fine\nb@example.com,\"never closed\nc@example.com,lost\nd@example.com,lost\n";

        var e = Refused(() => ReadAll(text, hasHeader: true));

        Assert.Equal("unbalanced-quote", e.Code);
        Assert.Contains("opened on line 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_open_quote_is_located_after_a_properly_quoted_line_break_in_the_same_row()
    {
        var text = "email,note,other\na@example.com,\"two\nlines\",\"never closed\nb@example.com,x,y\n";

        var e = Refused(() => ReadAll(text, hasHeader: true));

        Assert.Equal("unbalanced-quote", e.Code);
        Assert.Contains("opened on line 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_left_open_in_a_large_file_stops_at_the_limit_instead_of_swallowing_the_rest()
    {
        var text = new StringBuilder("email,note\na@example.com,ok\nb@example.com,\"oops\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append('c').Append(i).Append("@example.com,row\n");
        }

        var e = Refused(() => ReadAll(Encoding.ASCII.GetBytes(text.ToString()), Csv, maxFieldLength: 10_000));

        Assert.Equal("line-too-long", e.Code);
        Assert.Contains("Line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("quote mark (\") on line 3 is never closed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stray_quote_inside_a_cell_is_kept_as_text()
    {
        var (_, rows) = ReadAll("a@example.com,27\" screen\nb@example.com,ok\n");

        Assert.Equal(["a@example.com", "27\" screen"], rows[0].Fields);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void A_file_with_only_a_header_has_column_names_and_no_rows()
    {
        var (header, rows) = ReadAll("email,first name,last name\r\n", hasHeader: true);

        Assert.Equal(["email", "first name", "last name"], header!);
        Assert.Empty(rows);
    }

    [Fact]
    public void Without_a_header_the_first_line_is_the_first_row()
    {
        var (header, rows) = ReadAll("a@example.com,Ana\nb@example.com,Bo\n");

        Assert.Null(header);
        Assert.Equal([1L, 2L], rows.Select(r => r.Number));
        Assert.Equal("a@example.com", rows[0].Fields[0]);
    }

    [Fact]
    public void The_header_can_be_asked_for_after_the_rows_and_is_still_the_first_line()
    {
        using var reader = new DelimitedReader(new MemoryStream("email\na@example.com\n"u8.ToArray()), Csv);
        var rows = reader.ReadRows().ToList();

        Assert.Equal(["email"], reader.Header!);
        Assert.Equal("a@example.com", Assert.Single(rows).Fields[0]);
    }

    [Fact]
    public void Formula_like_cells_are_read_as_the_plain_text_they_are()
    {
        var (_, rows) = ReadAll("=SUM(1),+33 6 12,-2,@cmd,\"=HYPERLINK(\"\"http://x\"\")\"\n");

        Assert.Equal(["=SUM(1)", "+33 6 12", "-2", "@cmd", "=HYPERLINK(\"http://x\")"], Assert.Single(rows).Fields);
    }

    [Theory]
    [InlineData('\t', "email\tnote\na@example.com\t\"x\ty\"\n")]
    [InlineData('|', "email|note\na@example.com|\"x|y\"\n")]
    [InlineData(';', "email;note\na@example.com;\"x;y\"\n")]
    public void Other_delimiters_split_the_same_way_and_respect_quotes(char delimiter, string text)
    {
        var (header, rows) = ReadAll(text, delimiter, hasHeader: true);

        Assert.Equal(["email", "note"], header!);
        Assert.Equal(["a@example.com", $"x{delimiter}y"], Assert.Single(rows).Fields);
    }

    [Fact]
    public void An_excel_sep_line_is_not_returned_as_a_row()
    {
        var (header, rows) = ReadAll("sep=;\r\nemail;name\r\na@example.com;Ana\r\n", ';', hasHeader: true);

        Assert.Equal(["email", "name"], header!);
        Assert.Equal(3L, Assert.Single(rows).Number);
    }

    [Fact]
    public void Bytes_consumed_grows_while_reading_and_ends_at_the_size_of_the_input()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 50_000).Select(i => $"user{i}@example.com,Name {i}\n")));
        using var reader = new DelimitedReader(new MemoryStream(bytes), new TextFormat(TextFormat.Utf8, ',', HasHeader: false));
        var seen = new List<long>();

        foreach (var row in reader.ReadRows())
        {
            if (row.Number % 10_000 == 0)
            {
                seen.Add(reader.BytesConsumed);
            }
        }

        Assert.True(seen[0] < bytes.Length, "progress should be partial midway");
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(bytes.Length, reader.BytesConsumed);
    }

    [Fact]
    public void Disposing_the_reader_closes_the_stream()
    {
        var stream = new MemoryStream("a\n"u8.ToArray());
        new DelimitedReader(stream, Csv).Dispose();

        Assert.False(stream.CanRead);
    }
}
