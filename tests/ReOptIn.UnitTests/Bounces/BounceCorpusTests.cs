using System.Globalization;
using ReOptIn.Core.Bounces;
using Xunit.Abstractions;

namespace ReOptIn.UnitTests.Bounces;

/// <summary>
/// The classifier against the shared corpus: on the rows both upstream tables agree on, the class must
/// agree on ≥ 95% and the recipient on ≥ 98%, in every line-ending variant. The figures go to docs/performance.md.
/// </summary>
public sealed class BounceCorpusTests(ITestOutputHelper output)
{
    private const double ClassTarget = 0.95;
    private const double RecipientTarget = 0.98;

    [Fact]
    public void Agrees_with_the_corpus_on_class_and_recipient()
    {
        if (BounceCorpus.Folder is null)
        {
            output.WriteLine(BounceCorpus.Missing);
            Assert.True(Environment.GetEnvironmentVariable("REOPTIN_REQUIRE_CORPUS") != "1", BounceCorpus.Missing);
            return;
        }

        var rows = BounceCorpus.Rows();
        var messages = 0;
        int scored = 0, classRight = 0, recipientRight = 0;
        var misses = new List<string>();
        foreach (var (variant, folder) in BounceCorpus.Variants())
        {
            int vScored = 0, vClass = 0, vRecipient = 0;
            foreach (var file in Directory.EnumerateFiles(folder, "*.eml").Order(StringComparer.Ordinal))
            {
                messages++;
                var verdicts = ClassifyFile(file);
                foreach (var row in rows.Where(r => r.Scored && r.File == Path.GetFileName(file)))
                {
                    var verdict = row.RecipientIndex <= verdicts.Count ? verdicts[row.RecipientIndex - 1] : null;
                    var ourClass = verdict?.Class.ToString().ToLowerInvariant() ?? "missing";
                    var classOk = ourClass == row.OurClass;
                    var recipientOk = string.Equals(verdict?.Recipient, row.Recipient, StringComparison.OrdinalIgnoreCase);
                    vScored++;
                    if (classOk) vClass++;
                    if (recipientOk) vRecipient++;
                    if (!classOk || !recipientOk)
                    {
                        misses.Add($"{variant,-8} {row.File} #{row.RecipientIndex}: expected {row.OurClass}/{row.Reason} {row.Recipient}; got {ourClass}/{verdict?.Reason} {verdict?.Recipient} "
                            + $"(status {verdict?.Status}, diagnostic {Short(verdict?.DiagnosticCode)})");
                    }
                }
            }
            output.WriteLine($"{variant,-8}: {vScored} scored rows, class {Percent(vClass, vScored)}, recipient {Percent(vRecipient, vScored)}");
            scored += vScored;
            classRight += vClass;
            recipientRight += vRecipient;
        }

        output.WriteLine($"all     : {messages} messages, {scored} scored rows (confidence=two-tables-agree), class agreement {Percent(classRight, scored)}, recipient right {Percent(recipientRight, scored)}");
        output.WriteLine("Disagreements:");
        foreach (var miss in misses) output.WriteLine("  " + miss);

        Assert.True(scored > 150, $"Only {scored} scored rows: is the corpus complete?");
        Assert.True(classRight >= ClassTarget * scored, $"Class agreement {Percent(classRight, scored)} is below {ClassTarget:P0}.");
        Assert.True(recipientRight >= RecipientTarget * scored, $"Recipient agreement {Percent(recipientRight, scored)} is below {RecipientTarget:P0}.");
    }

    [Fact]
    public void Line_ends_do_not_change_a_verdict()
    {
        if (BounceCorpus.Folder is null)
        {
            output.WriteLine(BounceCorpus.Missing);
            return;
        }
        var original = BounceCorpus.Variants().First().Folder;
        var differences = new List<string>();
        foreach (var (variant, folder) in BounceCorpus.Variants().Skip(1))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
            {
                var expected = ClassifyFile(Path.Combine(original, Path.GetFileName(file))).Select(v => (v.Class, v.Reason, v.Recipient, v.Status));
                var actual = ClassifyFile(file).Select(v => (v.Class, v.Reason, v.Recipient, v.Status));
                if (!expected.SequenceEqual(actual)) differences.Add($"{variant} {Path.GetFileName(file)}: {string.Join(", ", actual)} vs {string.Join(", ", expected)}");
            }
        }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void Every_corpus_message_is_read()
    {
        if (BounceCorpus.Folder is null)
        {
            output.WriteLine(BounceCorpus.Missing);
            return;
        }
        var unreadable = BounceCorpus.Variants()
            .SelectMany(v => Directory.EnumerateFiles(v.Folder, "*.eml"))
            .Where(f => ClassifyFile(f).Any(v => v.Reason == BounceReasons.Unparseable))
            .ToList();
        Assert.Empty(unreadable);
    }

    private static IReadOnlyList<BounceVerdict> ClassifyFile(string path)
    {
        using var stream = File.OpenRead(path);
        return BounceClassifier.ClassifyAll(stream);
    }

    private static string Percent(int part, int whole) =>
        whole == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.0}% ({part}/{whole})");

    private static string? Short(string? text) => text is { Length: > 90 } ? text[..90] + "…" : text;
}
