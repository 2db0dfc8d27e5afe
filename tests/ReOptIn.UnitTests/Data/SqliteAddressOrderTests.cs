using ReOptIn.Data.Sqlite;

namespace ReOptIn.UnitTests.Data;

/// <summary>The import writer sorts a batch by a number made of each address's first characters; that number must never contradict ordinal order.</summary>
public sealed class SqliteAddressOrderTests
{
    private static readonly string[] Tricky =
    [
        "", "a", "a@x", "ab", "anne.1@example.com", "anne.10@example.com", "anne.2@example.com", "anné@example.com", "annf@example.com",
        "annz", "ann\u00e9", "ann\u4e2d", "ann\ud83d\ude00", "\u00e9", "~", "\u007f", "zzzzzzzz", "zzzzzzzz@", "zzzzzzz\u0080",
    ];

    [Fact]
    public void A_smaller_prefix_number_means_an_ordinally_smaller_address()
    {
        var random = new Random(3);
        var addresses = Tricky.ToList();
        for (var i = 0; i < 2_000; i++)
        {
            var length = random.Next(0, 12);
            addresses.Add(new string(Enumerable.Range(0, length).Select(_ => random.Next(4) switch
            {
                0 => (char)random.Next(0x20, 0x7f),
                1 => "ab.@"[random.Next(4)],
                2 => (char)random.Next(0x80, 0x3000),
                _ => 'a',
            }).ToArray()));
        }
        foreach (var a in addresses)
            foreach (var b in addresses.Take(300))
            {
                var byPrefix = SqliteContactWriter.Prefix(a).CompareTo(SqliteContactWriter.Prefix(b));
                if (byPrefix != 0) Assert.Equal(Math.Sign(string.CompareOrdinal(a, b)), byPrefix);
            }
    }
}
