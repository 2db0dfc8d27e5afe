using System.Text.Json;
using ReOptIn.Core.Importing.Parsing;
using static ReOptIn.UnitTests.Importing.Parsing.ParsingTestFiles;

namespace ReOptIn.UnitTests.Importing.Parsing;

/// <summary>
/// The csv-spectrum edge cases (Corpus/csv-spectrum, BSD-2-Clause): each CSV, detected and read as an import would,
/// must give the header and rows of its JSON.
/// </summary>
public sealed class CsvSpectrumTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Importing", "Parsing", "Corpus", "csv-spectrum");

    public static TheoryData<string> Files()
    {
        var names = new TheoryData<string>();
        foreach (var csv in Directory.GetFiles(Path.Combine(Folder, "csvs"), "*.csv").Order(StringComparer.Ordinal))
        {
            names.Add(Path.GetFileNameWithoutExtension(csv));
        }

        return names;
    }

    [Fact]
    public void The_whole_corpus_is_there()
    {
        Assert.Equal(11, Files().Count);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_file_reads_as_its_json_says(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "csvs", name + ".csv"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "json", name + ".json")));
        var expected = json.RootElement.EnumerateArray().Select(o => o.EnumerateObject().ToList()).ToList();

        var (detection, header, rows) = DetectAndRead(bytes);

        Assert.Equal(new TextFormat(TextFormat.Utf8, ',', HasHeader: true), detection.Format);
        Assert.Equal(expected[0].Select(p => p.Name), header);
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].Select(p => p.Value.GetString()), rows[i].Fields);
        }
    }
}
