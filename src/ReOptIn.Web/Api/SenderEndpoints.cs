using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending;
using ReOptIn.Web.Accounts;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Senders;

namespace ReOptIn.Web.Api;

/// <summary>Sender profiles: who the request comes from and the relay it goes through. Changes are for admins.</summary>
public static class SenderEndpoints
{
    public sealed record SmtpInput(string? Host, int? Port, SmtpSecurity? Security,
        string? Username, string? Password);

    public sealed record LimitsInput(int? Connections, int? PerSecond, int? PerDomainPerMinute);

    public sealed record DkimInput(string? Domain, string? Selector, string? PrivateKeyPem);

    public sealed record SenderRequest(string? Name, string? FromName, string? FromAddress, string? ReplyTo, string? PostalAddress,
        SmtpInput? Smtp, LimitsInput? Limits, DkimInput? Dkim, string? BounceAddress)
    {
        public SenderChanges ToChanges() => new()
        {
            Name = Name, FromName = FromName, FromAddress = FromAddress, ReplyTo = ReplyTo, PostalAddress = PostalAddress,
            SmtpHost = Smtp?.Host, SmtpPort = Smtp?.Port ?? 587, SmtpSecurity = Smtp?.Security ?? SmtpSecurity.StartTls,
            SmtpUsername = Smtp?.Username, SmtpPassword = Smtp?.Password,
            MaxConnections = Limits?.Connections ?? 2, MessagesPerSecond = Limits?.PerSecond ?? 10, PerDomainPerMinute = Limits?.PerDomainPerMinute ?? 120,
            DkimDomain = Dkim?.Domain, DkimSelector = Dkim?.Selector, DkimPrivateKeyPem = Dkim?.PrivateKeyPem, RemoveDkim = Dkim is null,
            BounceAddress = BounceAddress,
        };
    }

    public static RouteGroupBuilder MapSenders(this RouteGroupBuilder api)
    {
        api.MapGet("/senders", ListAsync).WithName("ListSenders");
        api.MapGet("/senders/{id:int}", GetAsync).WithName("GetSender");
        api.MapPost("/senders", CreateAsync).WithName("CreateSender").RequireAuthorization(Policies.ApiAdmin)
            .WithSummary("Creates a sender profile; the relay password and DKIM key are stored encrypted and never returned.");
        api.MapPut("/senders/{id:int}", UpdateAsync).WithName("UpdateSender").RequireAuthorization(Policies.ApiAdmin)
            .WithSummary("Replaces a sender profile; omit `smtp.password` or `dkim.privateKeyPem` to keep the stored one, omit `dkim` to remove DKIM.");
        api.MapPost("/senders/{id:int}/test-connection", TestConnectionAsync).WithName("TestSenderConnection").RequireAuthorization(Policies.ApiAdmin)
            .WithSummary("Connects to the relay, negotiates TLS, authenticates; says in plain words what failed.");
        return api;
    }

    private static async Task<IResult> ListAsync(ReOptInDb db, SenderSecrets secrets, CancellationToken ct) =>
        Results.Ok((await db.Senders.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct)).Select(s => SenderView.Of(s, secrets)));

    private static async Task<IResult> GetAsync(int id, ReOptInDb db, SenderSecrets secrets, CancellationToken ct) =>
        await db.Senders.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } sender
            ? Results.Ok(SenderView.Of(sender, secrets))
            : Results.NotFound();

    private static async Task<IResult> CreateAsync(SenderRequest request, ReOptInDb db, SenderSecrets secrets, AuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var changes = request.ToChanges();
        var errors = changes.Validate(hasStoredDkimKey: false);
        if (errors.Count == 0 && await db.Senders.AnyAsync(s => s.Name == changes.Name!.Trim(), ct))
            errors["name"] = ["Another sender has this name."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var sender = new SenderProfile(changes.Name!.Trim(), now);
        changes.ApplyTo(sender, secrets, now);
        db.Senders.Add(sender);
        audit.Record(AuditActions.SenderCreated, sender.Name);
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/v1/senders/{sender.Id}", SenderView.Of(sender, secrets));
    }

    private static async Task<IResult> UpdateAsync(int id, SenderRequest request, ReOptInDb db, SenderSecrets secrets, AuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var sender = await db.Senders.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sender is null) return Results.NotFound();
        var changes = request.ToChanges();
        var errors = changes.Validate(hasStoredDkimKey: sender.DkimPrivateKeyProtected is not null);
        if (errors.Count == 0 && await db.Senders.AnyAsync(s => s.Id != id && s.Name == changes.Name!.Trim(), ct))
            errors["name"] = ["Another sender has this name."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        changes.ApplyTo(sender, secrets, clock.GetUtcNow().UtcDateTime);
        audit.Record(AuditActions.SenderChanged, sender.Name);
        await db.SaveChangesAsync(ct);
        return Results.Ok(SenderView.Of(sender, secrets));
    }

    private static async Task<IResult> TestConnectionAsync(int id, ReOptInDb db, SenderSecrets secrets, CancellationToken ct)
    {
        var sender = await db.Senders.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sender is null) return Results.NotFound();
        return Results.Ok(await RelayConnectionTest.RunAsync(secrets.Relay(sender), TimeSpan.FromSeconds(15), ct));
    }
}
