using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Confirming;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

/// <summary>
/// The landing page as written outside Razor Pages when it shows the form (ADR-0020): what the
/// contact sees, HEAD, the language switch, values shown as text, the hand-over to the Razor page
/// for links past the form, and the same page on PostgreSQL.
/// </summary>
public sealed class LandingPageTests(ConfirmingApp fixture) : IClassFixture<ConfirmingApp>
{
    private const string PersonAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
    private readonly ReOptInFactory _app = fixture.App;

    [Fact]
    public async Task The_form_shows_the_masked_address_the_optional_fields_and_an_unticked_box()
    {
        var sent = await ContactFixture.SendAsync(_app, email: "janet.form@example.com", firstName: "Janet");
        using var contact = Browser.Open(_app);
        var response = await contact.GetAsync(sent.ConfirmUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.True(response.Headers.CacheControl?.NoStore, "The form must not be cached.");
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Contains("<title>Would you like to hear from Example Shop? · Example Shop</title>", page, StringComparison.Ordinal);
        Assert.Contains("<h1>Would you like to hear from Example Shop?</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<p>Hello Janet,</p>", page, StringComparison.Ordinal);
        Assert.Contains("Example Shop would like to send emails to j***@example.com.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("janet.form@example.com", page, StringComparison.Ordinal);
        Assert.Contains("<strong>What you will receive:</strong> A monthly newsletter", page, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.FirstName\" value=\"Janet\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.LastName\" value=\"Doe\"", page, StringComparison.Ordinal);
        foreach (var (interest, i) in new[] { "Shoes", "Bags", "Sales" }.Select((x, i) => (x, i)))
            Assert.Contains($"<input type=\"checkbox\" id=\"interest-{i}\" name=\"Input.Interests\" value=\"{interest}\" />", page, StringComparison.Ordinal);
        Assert.Contains("<input type=\"checkbox\" id=\"consent\" name=\"Input.Consent\" value=\"true\" required />", page, StringComparison.Ordinal);
        Assert.DoesNotContain("checked", page, StringComparison.Ordinal);
        Assert.Contains($"<label for=\"consent\">{ContactFixture.Statement}</label>", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/css/public.css?v=", page, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/d/{sent.Token}?lang=en\">No thanks: remove my address</a>", page, StringComparison.Ordinal);

        // The form as written confirms with its antiforgery field and the cookie set with it.
        var confirmed = await contact.Http.PostAsync(sent.ConfirmUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Consent"] = "true",
            ["Input.FirstName"] = "Janet",
            ["Input.Interests"] = "Bags",
            ["__RequestVerificationToken"] = Browser.TokenIn(page),
        }));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Thank you: it is confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertConfirmedAsEfWritesAsync(_app, sent.RequestId);
    }

    [Fact]
    public async Task A_head_answers_without_a_body_and_counts_as_an_automated_visit()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var http = _app.CreateClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, sent.ConfirmUrl);
        head.Headers.TryAddWithoutValidation("User-Agent", PersonAgent);
        var response = await http.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        var visit = Assert.Single(await ContactFixture.ReadAsync(_app, db => db.Visits.Where(v => v.RequestId == sent.RequestId).ToListAsync()));
        Assert.Equal("HEAD", visit.Method);
        Assert.Equal(ScannerDetector.HeadRequest, visit.AutomatedReason);
        Assert.Equal(RequestState.Sent, (await ContactFixture.RequestAsync(_app, sent.RequestId)).State);
    }

    [Fact]
    public async Task The_language_switch_gives_the_whole_form_in_french_and_back()
    {
        var sent = await ContactFixture.SendAsync(_app, firstName: "Zoé");
        using var contact = Browser.Open(_app);
        var french = await contact.GetPageAsync(sent.ConfirmUrl + "?lang=fr");
        Assert.Contains("<html lang=\"fr\">", french, StringComparison.Ordinal);
        Assert.Contains("<h1>Souhaitez-vous recevoir les messages de Example Shop ?</h1>", french, StringComparison.Ordinal);
        Assert.Contains("<p>Bonjour Zoé,</p>", french, StringComparison.Ordinal);
        Assert.Contains("<label for=\"first-name\">Prénom <span class=\"hint\">(facultatif)</span></label>", french, StringComparison.Ordinal);
        Assert.Contains("Oui, envoyez-moi ces messages", french, StringComparison.Ordinal);
        Assert.Contains("Aller au contenu", french, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"lang\" href=\"/c/{sent.Token}?lang=en\" hreflang=\"en\" lang=\"en\">English</a>", french, StringComparison.Ordinal);
        Assert.Contains($"href=\"/d/{sent.Token}?lang=fr\"", french, StringComparison.Ordinal);

        var response = await contact.SubmitAsync(sent.ConfirmUrl + "?lang=fr", new Dictionary<string, string> { ["Input.Consent"] = "true" });
        Assert.Contains("Merci : c’est confirmé", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("fr", await ContactFixture.ReadAsync(_app, db => db.Receipts.Where(r => r.RequestId == sent.RequestId).Select(r => r.Language).SingleAsync()));
    }

    [Fact]
    public async Task Markup_in_the_campaigns_texts_is_shown_as_text()
    {
        var sent = await ContactFixture.SendAsync(_app, configure: c =>
        {
            c.Purpose = "<b>bold</b> news";
            c.InterestOptions = "<img src=x onerror=alert(1)>\nShoes & \"Bags\"";
            c.SetConsentStatement("I agree <script>alert(2)</script>");
        });
        using var contact = Browser.Open(_app);
        var page = await contact.GetPageAsync(sent.ConfirmUrl);
        Assert.DoesNotContain("<b>bold</b>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; news", page, StringComparison.Ordinal);
        Assert.Contains("value=\"&lt;img src=x onerror=alert(1)&gt;\"", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"interest-1\">Shoes &amp; &quot;Bags&quot;</label>", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"consent\">I agree &lt;script&gt;alert(2)&lt;/script&gt;</label>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_past_the_form_gets_the_razor_pages_answer_with_one_visit()
    {
        var sent = await ContactFixture.SendAsync(_app);
        using var contact = Browser.Open(_app);
        await contact.SubmitAsync(sent.ConfirmUrl, new Dictionary<string, string> { ["Input.Consent"] = "true" });
        var before = await ContactFixture.ReadAsync(_app, db => db.Visits.CountAsync(v => v.RequestId == sent.RequestId));

        var later = await contact.GetPageAsync(sent.ConfirmUrl);
        Assert.Contains("You have already confirmed", later, StringComparison.Ordinal);
        Assert.Contains("THANKS10", later, StringComparison.Ordinal);
        Assert.Equal(before + 1, await ContactFixture.ReadAsync(_app, db => db.Visits.CountAsync(v => v.RequestId == sent.RequestId)));
    }

    [Fact]
    public async Task On_postgresql_the_landing_page_records_the_visit_and_its_form_confirms()
    {
        await using var app = await ReOptInFactory.PostgreSqlAsync(ContactFixture.Settings());
        var sent = await ContactFixture.SendAsync(app, language: "fr");
        using var contact = Browser.Open(app);
        contact.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", PersonAgent);
        var page = await contact.GetPageAsync(sent.ConfirmUrl);
        Assert.Contains("<h1>Souhaitez-vous recevoir les messages de Example Shop ?</h1>", page, StringComparison.Ordinal);
        Assert.Equal(RequestState.Visited, (await ContactFixture.RequestAsync(app, sent.RequestId)).State);
        var visit = Assert.Single(await ContactFixture.ReadAsync(app, db => db.Visits.Where(v => v.RequestId == sent.RequestId).ToListAsync()));
        Assert.Null(visit.AutomatedReason);

        var unknown = await contact.GetAsync("/c/" + new string('A', 43));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var response = await contact.Http.PostAsync(sent.ConfirmUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Consent"] = "true",
            ["__RequestVerificationToken"] = Browser.TokenIn(page),
        }));
        Assert.Contains("Merci : c’est confirmé", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var receipt = await ContactFixture.ReadAsync(app, db => db.Receipts.AsNoTracking().SingleAsync(r => r.RequestId == sent.RequestId));
        Assert.Equal(1, receipt.VisitCount);
        await AssertConfirmedAsEfWritesAsync(app, sent.RequestId);
        var visited = await ContactFixture.RequestAsync(app, sent.RequestId);
        Assert.NotNull(visited.VisitedAt);
        Assert.True(visited.VisitedAt <= visited.ConfirmedAt);
    }

    /// <summary>
    /// The state move is a plain statement: the row must read back through EF as EF would have
    /// written it (state name, UTC times), and EF's own comparisons on the stored time must find it.
    /// </summary>
    private static async Task AssertConfirmedAsEfWritesAsync(ReOptInFactory app, long requestId)
    {
        var request = await ContactFixture.RequestAsync(app, requestId);
        Assert.Equal(RequestState.Confirmed, request.State);
        var confirmedAt = Assert.NotNull(request.ConfirmedAt);
        Assert.Equal(DateTimeKind.Utc, confirmedAt.Kind);
        Assert.InRange(confirmedAt, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(confirmedAt, request.StateChangedAt);
        var receipt = await ContactFixture.ReadAsync(app, db => db.Receipts.AsNoTracking().SingleAsync(r => r.RequestId == requestId));
        Assert.Equal(receipt.SubmittedAt, confirmedAt);
        Assert.Equal(1, await ContactFixture.ReadAsync(app, db => db.Requests.CountAsync(r =>
            r.Id == requestId && r.State == RequestState.Confirmed && r.ConfirmedAt >= confirmedAt && r.ConfirmedAt <= confirmedAt)));
    }

    [Fact]
    public async Task The_confirmations_one_statement_reads_what_the_entities_and_the_visits_say_on_sqlite() =>
        await AssertConfirmationLinkMatchesAsync(_app);

    [Fact]
    public async Task The_confirmations_one_statement_reads_what_the_entities_and_the_visits_say_on_postgresql()
    {
        await using var app = await ReOptInFactory.PostgreSqlAsync(ContactFixture.Settings());
        await AssertConfirmationLinkMatchesAsync(app);
    }

    /// <summary>
    /// The POST outside Razor Pages writes its receipt from <see cref="LinkReader.FindForConfirmationAsync"/>;
    /// the Razor page from the EF entities and a query of the visits. Both must give the receipt the same facts.
    /// </summary>
    private static async Task AssertConfirmationLinkMatchesAsync(ReOptInFactory app)
    {
        var sent = await ContactFixture.SendAsync(app, configure: c => c.Purpose = null);
        using var contact = Browser.Open(app);
        await contact.GetAsync(sent.ConfirmUrl);                                   // no User-Agent: automated
        await contact.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, sent.ConfirmUrl)); // HEAD: automated
        contact.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", PersonAgent);
        await contact.GetAsync(sent.ConfirmUrl);                                   // a person

        await using var scope = app.Services.CreateAsyncScope();
        var confirming = scope.ServiceProvider.GetRequiredService<ConfirmationService>();
        var fromEntities = await confirming.ReadConfirmationAsync(await confirming.FindAsync(sent.Token, default), default);
        var fromStatement = await scope.ServiceProvider.GetRequiredService<LinkReader>().FindForConfirmationAsync(sent.Token, default);

        Assert.NotNull(fromStatement);
        Assert.Equal(fromEntities, fromStatement);
        Assert.Equal(new VisitEvidence(fromEntities.Evidence.FirstVisitAt, 3, 2), fromStatement.Evidence);
        Assert.Equal(DateTimeKind.Utc, fromStatement.Evidence.FirstVisitAt!.Value.Kind);
        Assert.Equal("THANKS10", fromStatement.IncentiveCode);
        Assert.NotNull(fromStatement.MessageId);
        Assert.NotNull(fromStatement.ApprovedContentHash);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<LinkReader>().FindForConfirmationAsync(new string('A', 43), default));
    }
}
