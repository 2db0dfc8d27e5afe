using AngleSharp.Html.Parser;
using ReOptIn.Core.Composing.Rendering;

namespace ReOptIn.UnitTests.Composing.Rendering;

/// <summary>Contact values come from imported files: they must stay text, never markup or links.</summary>
public sealed class RenderingSecurityTests
{
    private readonly RequestRenderer _renderer = new();

    public static TheoryData<string, string> Hostile => new()
    {
        { "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;" },
        { "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;" },
        { "[click](http://evil.example)", "[click](http://evil.example)" },
        { "**bold**", "**bold**" },
        { "javascript:alert(1)", "javascript:alert(1)" },
        { "www.evil.example", "www.evil.example" },
        { "<a href=\"http://evil.example\">x</a>", "&lt;a href=&quot;http://evil.example&quot;&gt;x&lt;/a&gt;" },
        { "Tom &amp; Jerry", "Tom &amp;amp; Jerry" },
        { "# 1. - > `code` ~~s~~ _u_ \\*", "# 1. - &gt; `code` ~~s~~ _u_ \\*" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_value_is_literal_text_in_both_parts(string value, string encoded)
    {
        var values = Samples.Values with { ContactFirstName = value };
        // In a paragraph, inside a link label, and inside raw HTML the marketer wrote.
        var body = "Hello {{ contact.first_name }}!\n\n[Hi {{ contact.first_name }}]({{ confirm_url }})\n\n<div>{{ contact.first_name }}</div>";

        var result = _renderer.Render(Samples.Content(body), values);

        AssertInert(result.Html);
        // The only link is the one the template makes.
        Assert.Equal(Samples.ConfirmUrl, Assert.Single(new HtmlParser().ParseDocument(result.Html).QuerySelectorAll("a")).GetAttribute("href"));
        Assert.Contains($"Hello {encoded}!", result.Html, StringComparison.Ordinal);
        Assert.Contains($"<div>{encoded}</div>", result.Html, StringComparison.Ordinal);
        Assert.Contains($"Hello {value}!", result.Text, StringComparison.Ordinal);
        Assert.Contains($"Hi {value} ({Samples.ConfirmUrl})", result.Text, StringComparison.Ordinal);
        Assert.Contains($"\n{value}", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_cannot_undo_the_escaping()
    {
        var values = Samples.Values with { ContactFirstName = "%3Cscript%3E", ContactLastName = "[x](http://evil.example)", ConfirmUrl = "" };

        // url_decode turns the value into markup; default puts a contact's value where a URL was.
        var result = _renderer.Render(Samples.Content("{{ contact.first_name | url_decode }} {{ confirm_url | default: contact.last_name }}"), values);

        AssertInert(result.Html);
        Assert.Empty(new HtmlParser().ParseDocument(result.Html).QuerySelectorAll("a"));
        Assert.Contains("&lt;script&gt; [x](http://evil.example)", result.Html, StringComparison.Ordinal);
        Assert.Equal("<script> [x](http://evil.example)", result.Text);
    }

    [Fact]
    public void Markup_the_marketer_wrote_is_sanitised()
    {
        const string body = """
            Hi <script>alert(1)</script> <a href="javascript:alert(2)" onclick="x()">there</a>

            <form action="https://evil.example"><input name="password"></form>

            <iframe src="https://evil.example"></iframe>

            <img src="https://cdn.example/logo.png" alt="Logo" onerror="alert(3)">

            [bad](javascript:alert(4))
            """;

        var result = _renderer.Render(Samples.Content(body), Samples.Values);

        AssertInert(result.Html);
        Assert.DoesNotContain("alert", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<input", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe", result.Html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"https://cdn.example/logo.png\" alt=\"Logo\"", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", result.Text, StringComparison.Ordinal);
    }

    private static void AssertInert(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http://evil", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=\"x\"", html, StringComparison.OrdinalIgnoreCase);

        // The parsed DOM is the real test: substrings like "onerror" may legitimately be text.
        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script, iframe, form, object, embed"));
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name}");
                Assert.DoesNotContain("javascript:", attribute.Value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("evil", attribute.Value, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
