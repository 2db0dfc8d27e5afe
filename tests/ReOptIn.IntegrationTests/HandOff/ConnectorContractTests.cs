using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.HandOff.Connectors;
using ReOptIn.IntegrationTests.Confirming;

namespace ReOptIn.IntegrationTests.HandOff;

/// <summary>What arrives at each destination: the contact, the consent evidence and the campaign, in each service's documented shape.</summary>
public sealed class ConnectorContractTests
{
    [Fact]
    public async Task Each_destination_receives_the_contact_with_its_consent_evidence()
    {
        await using var f = await HandOffFixture.StartAsync();
        await f.WebhookAsync();
        await f.ActiveCampaignAsync(tag: true);
        await f.MailchimpAsync();
        var email = $"Jane.Mixed.{Guid.NewGuid():N}@Example.com";
        await using var remote = ClientAddress.From(f.App, ClientAddress.Documentation);
        var sent = await f.ConfirmAsync(email, remote);
        await f.WaitForStateAsync(sent.RequestId, RequestState.HandedOff);
        var receipt = await ContactFixture.ReadAsync(f.App, db => db.Receipts.AsNoTracking().SingleAsync(r => r.RequestId == sent.RequestId));

        // Webhook: the documented JSON.
        var hook = Assert.Single(f.Fake.WebhookBodies);
        Assert.Equal("contact.confirmed", hook["type"]!.GetValue<string>());
        Assert.Equal(email, hook["contact"]!["email"]!.GetValue<string>());
        Assert.Equal("Jane", hook["contact"]!["firstName"]!.GetValue<string>());
        Assert.Equal(ContactFixture.Statement, hook["consent"]!["statement"]!.GetValue<string>());
        Assert.Equal(receipt.ConsentStatementSha256, hook["consent"]!["statementSha256"]!.GetValue<string>());
        Assert.Equal(receipt.IpAddress, hook["consent"]!["ipAddress"]!.GetValue<string>());
        Assert.Equal("Shoes", hook["consent"]!["interests"]![0]!.GetValue<string>());
        Assert.Equal(sent.CampaignId, hook["campaign"]!["id"]!.GetValue<int>());

        // ActiveCampaign: synced with names and the three consent fields, subscribed to the list, tagged.
        var contact = f.Fake.AcContacts[email];
        Assert.Equal("Doe", contact["lastName"]!.GetValue<string>());
        var fields = contact["fieldValues"]!.AsArray().ToDictionary(v => v!["field"]!.GetValue<string>(), v => v!["value"]!.GetValue<string>());
        Assert.StartsWith(receipt.SubmittedAt.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), fields["1"], StringComparison.Ordinal);
        Assert.Equal(receipt.IpAddress, fields["2"]);
        Assert.Contains("ReOptIn re-permission campaign", fields["3"], StringComparison.Ordinal);
        var contactId = contact["id"]!.GetValue<string>();
        Assert.Equal(1, f.Fake.AcSubscriptions[contactId]);
        Assert.Equal(1, f.Fake.AcTags[contactId]);

        // Mailchimp: the member under the MD5 of the lowercased address, subscribed, with merge fields and permissions.
        var member = f.Fake.McMembers[MailchimpConnector.SubscriberHash(email)];
        Assert.Equal("Jane", member["merge_fields"]!["FNAME"]!.GetValue<string>());
        Assert.Equal("Doe", member["merge_fields"]!["LNAME"]!.GetValue<string>());
        Assert.Contains("ReOptIn re-permission campaign", member["merge_fields"]!["SOURCE"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(member["merge_fields"]!["CONSENTAT"]);
        Assert.Equal(FakeMarketingServices.McPermission, member["marketing_permissions"]![0]!["marketing_permission_id"]!.GetValue<string>());
        Assert.Equal(receipt.IpAddress, member["ip_opt"]!.GetValue<string>());
        f.AssertNoViolations();
    }

    [Fact]
    public async Task The_test_button_checks_the_service_list_and_reports_its_message()
    {
        await using var f = await HandOffFixture.StartAsync(extra: new Dictionary<string, string?> { ["HandOff:Enabled"] = "false" });
        var ac = await f.ActiveCampaignAsync();
        var mc = await f.MailchimpAsync();
        foreach (var id in new[] { ac, mc })
        {
            var ok = await f.Api.Http.PostAsync($"/api/v1/destinations/{id}/test", null);
            Assert.True((await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ok").GetBoolean());
        }
        var changed = await f.Api.Http.PutAsJsonAsync($"/api/v1/destinations/{mc}", new { name = "Mailchimp wrong list", listId = "nosuchlist" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var wrong = await (await f.Api.Http.PostAsync($"/api/v1/destinations/{mc}/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(wrong.GetProperty("ok").GetBoolean());
        Assert.Contains("Resource Not Found", wrong.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(f.Fake.McMembers);
        Assert.Empty(f.Fake.AcContacts);
    }
}
