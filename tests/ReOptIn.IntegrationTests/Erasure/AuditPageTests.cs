using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Erasure;

/// <summary>/Admin/Audit: filters by action, actor, subject and dates, pages by id, and is for Admins only.</summary>
public sealed partial class AuditPageTests
{
    [Fact]
    public async Task The_audit_log_filters_pages_and_refuses_a_marketer()
    {
        await using var app = ReOptInFactory.Sqlite();
        using var admin = Browser.Open(app);
        await admin.SetUpAdminAsync();
        await admin.SignOutAsync();
        await admin.SignInAsync(Browser.AdminEmail, Browser.AdminPassword);
        await admin.AddUserAsync("marketer.person@example.com", "a long marketer password", Roles.Marketer);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
            for (var i = 0; i < 60; i++)
                db.AuditLog.Add(new AuditEntry(new DateTime(2020, 1, 1 + i % 28, 12, 0, 0, DateTimeKind.Utc), AuditActions.CampaignPaused, null, "robot.person",
                    $"Campaign {i:D2}", null, null));
            await db.SaveChangesAsync();
        }

        // An Admin's sign-in is recorded and found by action.
        var signIns = await admin.GetPageAsync("/Admin/Audit?action=account.signed-in");
        Assert.Contains(Browser.AdminEmail, signIns, StringComparison.Ordinal);
        Assert.DoesNotContain("campaign.paused</code>", signIns, StringComparison.Ordinal);

        // By actor and date range: 60 entries, 50 on the first page, the rest after "Older entries".
        var first = await admin.GetPageAsync("/Admin/Audit?actor=robot&from=2020-01-01&to=2020-01-31");
        Assert.Equal(50, Rows(first));
        var next = NextLink().Match(first);
        Assert.True(next.Success, "No link to older entries.");
        var second = await admin.GetPageAsync(WebUtility.HtmlDecode(next.Groups[1].Value));
        Assert.Equal(10, Rows(second));
        Assert.DoesNotMatch(NextLink(), second);
        Assert.Contains("Campaign 00", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Campaign 00", first, StringComparison.Ordinal);

        // A narrower range, a subject, and a range with nothing in it.
        Assert.Equal(3, Rows(await admin.GetPageAsync("/Admin/Audit?actor=robot&from=2020-01-02&to=2020-01-02")));
        Assert.Equal(1, Rows(await admin.GetPageAsync("/Admin/Audit?subject=Campaign%2042")));
        Assert.Contains("No entry matches.", await admin.GetPageAsync("/Admin/Audit?from=2019-01-01&to=2019-01-31"), StringComparison.Ordinal);
        Assert.Contains("The first day is after the last one.", await admin.GetPageAsync("/Admin/Audit?from=2020-02-01&to=2020-01-01"), StringComparison.Ordinal);

        using var marketer = Browser.Open(app);
        await marketer.SignInAsync("marketer.person@example.com", "a long marketer password");
        Assert.Equal(HttpStatusCode.Forbidden, (await marketer.GetAsync("/Admin/Audit")).StatusCode);
        Assert.DoesNotContain("/Admin/Audit", await marketer.GetPageAsync("/"), StringComparison.Ordinal);
        Assert.Contains("/Admin/Audit", await admin.GetPageAsync("/"), StringComparison.Ordinal);
    }

    private static int Rows(string html) => Regex.Count(html, "<tr>\\s*<td class=\"text-nowrap\">");

    [GeneratedRegex("<a class=\"btn btn-outline-primary\" rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextLink();
}
