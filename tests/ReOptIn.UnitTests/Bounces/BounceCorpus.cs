namespace ReOptIn.UnitTests.Bounces;

/// <summary>
/// The shared bounce corpus (sisimai's set-of-emails, BSD-2-Clause), read in place and not copied:
/// <c>&lt;repo&gt;/../shared/corpus/bounces</c>, else <c>/work/shared/corpus/bounces</c>, else the
/// folder in <c>REOPTIN_BOUNCE_CORPUS</c>.
/// </summary>
public static class BounceCorpus
{
    /// <summary>One row of expected.tsv: a (mail, recipient) pair.</summary>
    public sealed record Row(string File, int RecipientIndex, string Reason, string Class, string Recipient, string Confidence, string FeedbackType, string MachineReadablePart)
    {
        public bool Scored => Confidence == "two-tables-agree";

        /// <summary>The class we must give: the corpus files an ARF complaint under "none" with reason "feedback"; for us it is a complaint.</summary>
        public string OurClass => Reason == "feedback" ? "complaint" : Class;
    }

    public static string? Folder { get; } = Locate();

    public const string Missing = "The bounce corpus was not found (looked in <repo>/../shared/corpus/bounces, /work/shared/corpus/bounces and $REOPTIN_BOUNCE_CORPUS): skipped.";

    /// <summary>The variants: the original files, then the CRLF and CR copies of some of them.</summary>
    public static IEnumerable<(string Variant, string Folder)> Variants()
    {
        if (Folder is null) yield break;
        yield return ("original", Path.Combine(Folder, "eml"));
        foreach (var sub in new[] { "dos", "mac" })
        {
            var path = Path.Combine(Folder, "eml-newline-variants", sub);
            if (Directory.Exists(path)) yield return (sub == "dos" ? "crlf" : "cr", path);
        }
    }

    public static IReadOnlyList<Row> Rows()
    {
        if (Folder is null) return [];
        var lines = File.ReadAllLines(Path.Combine(Folder, "expected.tsv"));
        var header = lines[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(c => new Row(
            c[Col("file")], int.Parse(c[Col("rcpt_index")], System.Globalization.CultureInfo.InvariantCulture), c[Col("expected_reason")], c[Col("expected_class")],
            c[Col("expected_recipient")], c[Col("confidence")], c[Col("feedback_type")], c[Col("machine_readable_part")])).ToList();
    }

    private static string? Locate()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("REOPTIN_BOUNCE_CORPUS") is { Length: > 0 } env) candidates.Add(env);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReOptIn.sln"))) dir = dir.Parent;
        if (dir?.Parent is not null) candidates.Add(Path.Combine(dir.Parent.FullName, "shared", "corpus", "bounces"));
        candidates.Add("/work/shared/corpus/bounces");
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "expected.tsv")));
    }
}
