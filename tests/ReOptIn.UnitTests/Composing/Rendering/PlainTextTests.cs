using ReOptIn.Core.Composing.Rendering;

namespace ReOptIn.UnitTests.Composing.Rendering;

public sealed class PlainTextTests
{
    private readonly RequestRenderer _renderer = new();

    private string Text(string body) => _renderer.Render(Samples.Content(body), Samples.Values).Text;

    [Fact]
    public void Headings_paragraphs_emphasis_and_lists_become_plain_text()
    {
        const string body = """
            # Stay in touch, {{ contact.first_name }}

            We send **one** email a *month* and ~~never~~ more.

            - News
            - Offers
              1. first
              2. second

            3. three
            4. four
            """;

        Assert.Equal("""
            Stay in touch, Jane

            We send one email a month and never more.

            - News
            - Offers
              1. first
              2. second

            3. three
            4. four
            """, Text(body));
    }

    [Fact]
    public void Links_are_label_and_url_and_entities_are_decoded()
    {
        const string body = """
            [Keep me]({{ confirm_url }}), <https://a.example/x>, https://b.example/y, [write](mailto:help@acme.example), [here](/relative).

            Fish &amp; chips &copy; &#233;
            """;

        Assert.Equal($"""
            Keep me ({Samples.ConfirmUrl}), https://a.example/x, https://b.example/y, write (help@acme.example), here.

            Fish & chips © é
            """, Text(body));
    }

    [Fact]
    public void Line_breaks_quotes_code_and_html_blocks_are_kept_readable()
    {
        const string body = """
            Best regards,
            The team

            > Quoted
            > words

            ---

            <div><p>In <b>HTML</b></p><p>Second &amp; <a href="https://c.example">last</a><br>line</p><script>x()</script></div>

            ![Logo](https://cdn.example/logo.png)
            """;

        Assert.Equal("""
            Best regards,
            The team

            > Quoted
            > words

            ----

            In HTML
            Second & last (https://c.example)
            line

            Logo
            """, Text(body));
    }
}
