using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Importing;

/// <summary>
/// Files a marketer really uploads. Each is either refused at once with a code and a sentence, or
/// imported with its bad rows explained; none answers 500, and a refused file leaves nothing behind.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const long MaxUpload = 12 << 20;
    private ReOptInFactory _app = null!;
    private ApiClient _api = null!;
    private int _list;

    public async Task InitializeAsync()
    {
        _app = ReOptInFactory.Sqlite(new Dictionary<string, string?>(ApiClient.BootstrapSettings)
        {
            ["Imports:MaxUploadBytes"] = MaxUpload.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Imports:MaxUncompressedBytes"] = (40 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _api = ApiClient.Open(_app);
        _list = await _api.CreateListAsync();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    public static TheoryData<string, string> RefusedAtUpload => new()
    {
        { "empty", "empty-file" },
        { "header-only", "no-rows" },
        { "no-email-column", "no-email-column" },
        { "png", "binary-file" },
        { "zip-of-png", "zip-no-text-file" },
        { "zip-with-two-csv", "zip-several-files" },
        { "zip-bomb", "zip-bomb" },
        { "gzip-bomb", "zip-bomb" },
        { "corrupt-zip", "corrupt-archive" },
        { "xlsx", "unsupported-type" },
        { "too-large", "too-large" },
        { "bad-delimiter-option", "bad-option" },
        { "unknown-encoding-option", "unknown-encoding" },
        { "mapping-to-missing-column", "bad-mapping" },
        { "no-file-field", "no-file" },
        { "ten-megabyte-line", "line-too-long" },
        { "unbalanced-quote", "unbalanced-quote" },
    };

    [Theory, MemberData(nameof(RefusedAtUpload))]
    public async Task A_file_that_cannot_be_imported_is_refused_with_a_reason(string name, string code)
    {
        var response = name == "no-file-field"
            ? await _api.Http.PostAsync($"/api/v1/lists/{_list}/imports", new MultipartFormDataContent { { new StringContent("x"), "other" } })
            : await _api.UploadAsync(_list, Content(name), FileName(name), Fields(name));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode is 400 or 413 or 422, $"{name}: {(int)response.StatusCode} {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.True(detail.Length > 20 && !detail.Contains("Exception", StringComparison.Ordinal), $"{name}: not a sentence for a person: {detail}");
        Assert.Equal(0, (await _api.ContactsAsync(_list)).GetProperty("total").GetInt32());
    }

    public static TheoryData<string, string, int, int> ImportedWithRowsExplained => new()
    {
        // name, final status, accepted, rejected
        { "nul-bytes", "completed", 2, 0 },
        { "invalid-utf8-declared-utf8", "completed", 2, 0 },
        { "utf16-without-bom", "completed", 2, 0 },
        { "mixed-line-endings", "completed", 3, 0 },
        { "ragged-rows", "completed", 2, 1 },
        { "formula-cells", "completed", 1, 2 },
        { "name-and-address-in-one-cell", "completed", 2, 0 },
        { "several-addresses-in-a-cell", "completed", 2, 0 },
        { "blank-lines-and-spaces", "completed", 2, 0 }, // blank and all-empty rows are skipped, not rejected
        { "gzip", "completed", 2, 0 },
        { "zip-with-macos-folder", "completed", 2, 0 },
        { "unbalanced-quote-after-the-preview", "failed", 0, 0 },
    };

    [Theory, MemberData(nameof(ImportedWithRowsExplained))]
    public async Task A_difficult_file_imports_what_it_can_and_explains_the_rest(string name, string status, int accepted, int rejected)
    {
        var result = await _api.ImportAsync(_list, Content(name), FileName(name), Fields(name));
        Assert.Equal(status, result.GetProperty("status").GetString());
        Assert.Equal((accepted, rejected), (result.GetProperty("accepted").GetInt32(), result.GetProperty("rejected").GetInt32()));
        if (name == "several-addresses-in-a-cell")
            Assert.Equal(2, result.GetProperty("rejectedByReason").GetProperty("extra-address-in-cell").GetInt32());
        if (status == "failed")
        {
            var message = result.GetProperty("errorMessage").GetString()!;
            Assert.True(message.Length > 20, message);
            Assert.Equal(0, (await _api.ContactsAsync(_list)).GetProperty("total").GetInt32()); // nothing half-imported
        }
    }

    [Fact]
    public async Task A_list_that_does_not_exist_is_404()
    {
        var response = await _api.UploadAsync(999_999, Encoding.UTF8.GetBytes("email\na@example.com\n"), "a.csv");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string FileName(string name) => name switch
    {
        "png" => "photo.csv",
        "zip-of-png" or "zip-with-two-csv" or "zip-bomb" or "corrupt-zip" or "zip-with-macos-folder" => "list.zip",
        "gzip-bomb" or "gzip" => "list.csv.gz",
        "xlsx" => "list.xlsx",
        _ => "list.csv",
    };

    private static Dictionary<string, string>? Fields(string name) => name switch
    {
        "bad-delimiter-option" => new() { ["delimiter"] = "#" },
        "unknown-encoding-option" => new() { ["encoding"] = "ebcdic" },
        "mapping-to-missing-column" => new() { ["mapping"] = """{"Mail":"email"}""" },
        "invalid-utf8-declared-utf8" => new() { ["encoding"] = "utf-8" },
        _ => null,
    };

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89];

    private static byte[] Content(string name) => name switch
    {
        "empty" => [],
        "header-only" => Utf8("email,first name,last name\r\n"),
        "no-email-column" => Utf8("name,city\nJane,Paris\nBob,Lyon\n"),
        "png" => Png,
        "zip-of-png" => Zip(("photo.png", Png)),
        "zip-with-two-csv" => Zip(("a.csv", Utf8("email\na@example.com\n")), ("b.csv", Utf8("email\nb@example.com\n"))),
        "zip-bomb" => Zip(("list.csv", new byte[60 << 20])),
        "gzip-bomb" => Gzip(new byte[60 << 20]),
        "corrupt-zip" => [.. Zip(("a.csv", Utf8("email\na@example.com\n")))[..30], .. new byte[200]],
        "xlsx" => Zip(("xl/workbook.xml", Utf8("<workbook/>"))),
        "too-large" => Utf8("email\n" + string.Concat(Enumerable.Repeat("someone.with.a.long.address@example.com\n", (int)(MaxUpload / 30)))),
        "bad-delimiter-option" or "unknown-encoding-option" or "mapping-to-missing-column" => Utf8("email\na@example.com\n"),
        "nul-bytes" => Utf8("email,name\na@example.com,A\0nne\nb@exa\0mple.com,Bob\n"),
        "invalid-utf8-declared-utf8" => [.. Utf8("email,name\na@example.com,"), 0xC3, 0x28, .. Utf8("\nb@example.com,Bob\n")],
        "utf16-without-bom" => Encoding.Unicode.GetBytes("email,name\na@example.com,Anne\nb@example.com,Bob\n"),
        "mixed-line-endings" => Utf8("email\r\na@example.com\nb@example.com\rc@example.com\r\n"),
        "ragged-rows" => Utf8("email,first,last\na@example.com,Anne\nb@example.com,Bob,Smith,extra,cells\n,only,names\n"),
        "formula-cells" => Utf8("email,note\n=HYPERLINK(\"http://x.invalid\"),a\nc@example.com,=1+2\n-2+3,b\n"),
        "name-and-address-in-one-cell" => Utf8("contact\n\"Anne Lee <anne@example.com>\"\nmailto:bob@example.com\n"),
        "several-addresses-in-a-cell" => Utf8("E-mail 1 - Value\na@example.com ::: a.work@example.com\nb@example.com; b2@example.com\n"),
        "blank-lines-and-spaces" => Utf8("email\n\n\u00A0a@example.com\u200B\n   \nb@example.com \n\"\"\n"),
        "gzip" => Gzip(Utf8("email\na@example.com\nb@example.com\n")),
        "zip-with-macos-folder" => Zip(("list.csv", Utf8("email\na@example.com\nb@example.com\n")), ("__MACOSX/._list.csv", [0, 5, 22, 7])),
        "ten-megabyte-line" => Utf8("email,notes\na@example.com," + new string('x', 10 << 20) + "\n"),
        "unbalanced-quote" => Utf8("email,notes\na@example.com,ok\nb@example.com,\"never closed\nc@example.com,ok\n" + string.Concat(Enumerable.Repeat("d@example.com,ok\n", 20))),
        "unbalanced-quote-after-the-preview" => Utf8("email,notes\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"p{i}@example.com,ok\n")) + "b@example.com,\"never closed\nc@example.com,ok\n"),
        _ => throw new ArgumentException(name),
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (entryName, content) in entries)
            {
                using var stream = zip.CreateEntry(entryName, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(content);
        return buffer.ToArray();
    }
}
