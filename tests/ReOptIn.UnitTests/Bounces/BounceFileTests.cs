using System.Text;
using ReOptIn.Core.Bounces.Intake;

namespace ReOptIn.UnitTests.Bounces;

/// <summary>Reading an uploaded file message by message, and going on from a message's offset after a stop.</summary>
public sealed class BounceFileTests
{
    private static byte[] Mbox(params string[] subjects) => Encoding.UTF8.GetBytes(string.Concat(subjects.Select(s =>
        $"From MAILER-DAEMON Thu Nov 26 10:00:00 2026\nFrom: MAILER-DAEMON@mx.example.org\nSubject: {s}\nMessage-ID: <{s}@mx.example.org>\n\nbody of {s}\n>From here on\n\n")));

    private static async Task<List<BounceFileMessage>> ReadAsync(byte[] file, long from = 0)
    {
        using var stream = new MemoryStream(file);
        var messages = new List<BounceFileMessage>();
        await foreach (var m in BounceFile.ReadAsync(stream, 1 << 20, from)) messages.Add(m);
        return messages;
    }

    [Fact]
    public async Task Each_message_of_an_mbox_comes_with_the_offset_of_its_From_line()
    {
        var file = Mbox("one", "two", "three");
        var messages = await ReadAsync(file);

        Assert.Equal(3, messages.Count);
        var text = Encoding.UTF8.GetString(file);
        Assert.All(messages, m => Assert.StartsWith("From MAILER-DAEMON", text[(int)m.Offset..], StringComparison.Ordinal));
        Assert.Equal(0, messages[0].Offset);
        Assert.Contains("Subject: two", Encoding.UTF8.GetString(messages[1].Raw), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_from_an_offset_goes_on_with_that_message_and_the_rest()
    {
        var file = Mbox("one", "two", "three");
        var all = await ReadAsync(file);

        var rest = await ReadAsync(file, all[1].Offset);

        Assert.Equal(2, rest.Count);
        Assert.Equal(all[1].Raw, rest[0].Raw);
        Assert.Equal(all[2].Raw, rest[1].Raw);
        Assert.Equal(all[2].Offset, rest[1].Offset);
    }

    [Fact]
    public async Task One_eml_is_one_message_and_nothing_is_left_after_it()
    {
        var eml = "From: MAILER-DAEMON@mx.example.org\r\nSubject: one\r\n\r\nbody\r\n"u8.ToArray();

        var first = Assert.Single(await ReadAsync(eml));
        Assert.Equal(eml, first.Raw);
        Assert.Empty(await ReadAsync(eml, eml.Length));
    }
}
