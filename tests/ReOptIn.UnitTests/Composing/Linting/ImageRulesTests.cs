using ReOptIn.Core.Composing.Linting;

namespace ReOptIn.UnitTests.Composing.Linting;

public sealed class ImageRulesTests
{
    [Theory]
    [InlineData("en", "![Our logo](https://example.com/logo.png)", "remote image")]
    [InlineData("en", "![Our logo](http://example.com/logo.png \"Logo\")", "remote image")]
    [InlineData("en", "![](//cdn.example.com/x.gif)", "remote image")]
    [InlineData("en", "<img src=\"https://example.com/p.gif\">", "remote image")]
    [InlineData("en", "![Our logo][brand]\n\n[brand]: https://example.com/logo.png", "remote image")]
    [InlineData("fr", "<IMG SRC='http://t.example.com/o.gif' alt=''>", "remote image")]
    [InlineData("fr", "<img src=\"https://t.example.com/o.gif\" width=\"1\" height=\"1\">", "tracking pixel")]
    [InlineData("fr", "<img src=\"cid:pixel\" style=\"width:1px;height:1px\">", "tracking pixel")]
    [InlineData("fr", "![Notre logo](https://exemple.fr/logo.png)", "remote image")]
    public void A_remote_image_or_a_tracking_pixel_is_a_warning(string language, string image, string kind)
    {
        var finding = Assert.Single(Lint.Rule(LintRules.RemoteImages, Lint.Adding(language, image)));

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Contains(kind, finding.Message, StringComparison.Ordinal);
        Assert.StartsWith(image[..4], finding.Excerpt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "![Our logo](data:image/png;base64,iVBORw0KGgo=)")]
    [InlineData("en", "![Our logo](logo.png)")]
    [InlineData("en", "[Our website](https://example.com)")]
    [InlineData("fr", "<img src=\"data:image/gif;base64,R0lGODlh\" width=\"120\" height=\"10\">")]
    [InlineData("fr", "[Notre site](https://exemple.fr) et ![logo][absent]")]
    public void Embedded_images_relative_images_and_links_pass(string language, string paragraph) =>
        Assert.Empty(Lint.Rule(LintRules.RemoteImages, Lint.Adding(language, paragraph)));
}
