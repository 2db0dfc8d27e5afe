using ReOptIn.Core.Composing.Rendering;

namespace ReOptIn.UnitTests.Composing.Rendering;

public sealed class RenderingConcurrencyTests
{
    [Fact]
    public void One_renderer_renders_in_parallel_without_mixing_contacts()
    {
        var renderer = new RequestRenderer();
        var content = Samples.Content(Samples.EveryPlaceholder, subject: "For {{ contact.first_name }} {{ contact.last_name }}");
        var results = new string[1000];

        Parallel.For(0, results.Length, i =>
        {
            var values = Samples.Values with { ContactFirstName = $"First{i}", ContactLastName = $"<Last{i}>" };
            var result = renderer.Render(content, values);
            results[i] = result.Subject == $"For First{i} <Last{i}>"
                && result.Html.Contains($"Hello First{i} &lt;Last{i}&gt;,", StringComparison.Ordinal)
                && result.Text.StartsWith($"Hello First{i} <Last{i}>,", StringComparison.Ordinal)
                    ? "ok"
                    : $"{i}: {result.Subject}";
        });

        Assert.All(results, r => Assert.Equal("ok", r));
    }
}
