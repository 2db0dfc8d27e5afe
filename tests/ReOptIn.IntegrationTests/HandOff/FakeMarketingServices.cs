using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ReOptIn.IntegrationTests.HandOff;

/// <summary>How the fake services misbehave, for every request, until told otherwise.</summary>
internal enum Fault
{
    None,
    ServerError,
    TooManyRequests,
    /// <summary>Answers nothing for far longer than any destination's time-out (and never a 2xx).</summary>
    Hang,
}

/// <summary>
/// A local stand-in for what cannot be reached from here: ActiveCampaign's API v3, Mailchimp's
/// Marketing API 3.0 and a webhook receiver, on Kestrel at 127.0.0.1. Every request is checked
/// against the documented contract (paths, auth headers, bodies); a breach answers 400 and is
/// listed in <see cref="Violations"/>. State is kept the way the services keep it (contacts by
/// address, members by hash), and every 2xx is counted, so tests can tell "exactly once".
/// </summary>
internal sealed class FakeMarketingServices : IAsyncDisposable
{
    public const string AcToken = "ac-test-token-0123456789";
    public const long AcList = 2;
    public const string AcTag = "20";
    public static readonly string[] AcFields = ["1", "2", "3"];
    public const string McKey = "0123456789abcdef0123456789abcdef-us21";
    public const string McList = "a1b2c3d4e5";
    public const string McPermission = "f00dcafe01";
    public const string WebhookSecret = "whsec-test-0123456789abcdef";

    private WebApplication? _app;
    private int _acNextId = 100;

    private FakeMarketingServices(int port) => Port = port;

    public int Port { get; private set; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string WebhookUrl => BaseUrl + "/hooks/reoptin";
    public string AcBaseUrl => BaseUrl + "/ac";
    /// <summary>For <c>HandOff:MailchimpBaseUrl</c>: the fake checks that {dc} is the key's data centre.</summary>
    public string McBaseUrlPattern => BaseUrl + "/mc/{dc}";

    public Fault Fault { get; set; }

    /// <summary>Delay before every webhook answer (to let two instances share the work).</summary>
    public TimeSpan WebhookDelay { get; set; }

    /// <summary>When set, the webhook receiver refuses every event with this 4xx status (a permanent refusal).</summary>
    public int? WebhookRefusal { get; set; }

    /// <summary>Addresses the services refuse as invalid (a permanent 4xx with their error JSON).</summary>
    public ConcurrentDictionary<string, bool> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Webhook bodies answered 2xx, by event id (idempotency keys checked elsewhere).</summary>
    public ConcurrentDictionary<long, int> WebhookAccepted { get; } = new();

    public ConcurrentQueue<JsonObject> WebhookBodies { get; } = new();

    public ConcurrentDictionary<string, JsonObject> AcContacts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Successful contactLists calls by contact id.</summary>
    public ConcurrentDictionary<string, int> AcSubscriptions { get; } = new();

    public ConcurrentDictionary<string, int> AcTags { get; } = new();

    public int AcRateLimited => _acRateLimited;

    public ConcurrentDictionary<string, JsonObject> McMembers { get; } = new();

    /// <summary>Successful member PUTs by subscriber hash.</summary>
    public ConcurrentDictionary<string, int> McPuts { get; } = new();

    public int FaultsServed => _faultsServed;

    private int _acRateLimited;
    private int _faultsServed;
    private readonly ConcurrentQueue<DateTime> _acCalls = new();

    public static async Task<FakeMarketingServices> StartAsync()
    {
        var fake = new FakeMarketingServices(0);
        await fake.StartOnAsync(0);
        return fake;
    }

    /// <summary>Stops listening: callers get "connection refused" until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public Task RestartAsync() => StartOnAsync(Port);

    private async Task StartOnAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (Fault == Fault.None) { await next(context); return; }
            Interlocked.Increment(ref _faultsServed);
            switch (Fault)
            {
                case Fault.ServerError:
                    await Problem(context, 500, new JsonObject { ["message"] = "Internal error, try later" });
                    return;
                case Fault.TooManyRequests:
                    context.Response.Headers.RetryAfter = "1";
                    await Problem(context, 429, new JsonObject { ["message"] = "Too many requests" });
                    return;
                default:
                    try { await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted); }
                    catch (OperationCanceledException) { return; }
                    await Problem(context, 503, new JsonObject { ["message"] = "Too late" });
                    return;
            }
        });
        app.MapPost("/hooks/reoptin", Webhook);
        app.MapPost("/ac/api/3/contact/sync", (Func<HttpContext, Task<IResult>>)AcSync);
        app.MapPost("/ac/api/3/contactLists", (Func<HttpContext, Task<IResult>>)AcContactList);
        app.MapPost("/ac/api/3/contactTags", (Func<HttpContext, Task<IResult>>)AcContactTag);
        app.MapGet("/ac/api/3/lists/{id}", AcGetList);
        app.MapPut("/mc/{dc}/3.0/lists/{listId}/members/{hash}", McPutMember);
        app.MapGet("/mc/{dc}/3.0/lists/{listId}", McGetList);
        app.MapFallback(context =>
        {
            Violations.Enqueue($"Unexpected {context.Request.Method} {context.Request.Path}");
            return Problem(context, 404, new JsonObject { ["message"] = "Not found" });
        });
        await app.StartAsync();
        Port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    // ---- Webhook receiver: verifies with the README's snippet, then counts.

    private async Task Webhook(HttpContext context)
    {
        var body = await ReadAsync(context);
        var signature = context.Request.Headers["ReOptIn-Signature"].ToString();
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (!WebhookSignatureSnippet.Verify(WebhookSecret, signature, body, DateTimeOffset.UtcNow))
        {
            Violations.Enqueue("Webhook signature did not verify: " + signature);
            await Problem(context, 401, new JsonObject { ["message"] = "bad signature" });
            return;
        }
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true || key.Length == 0)
        {
            Violations.Enqueue("Webhook without JSON content type or idempotency key");
            await Problem(context, 400, new JsonObject());
            return;
        }
        var json = JsonNode.Parse(body)!.AsObject();
        if (WebhookRefusal is { } refusal && json["test"]?.GetValue<bool>() != true)
        {
            await Problem(context, refusal, new JsonObject { ["error"] = "No such customer list in the CRM" });
            return;
        }
        if (WebhookDelay > TimeSpan.Zero) await Task.Delay(WebhookDelay);
        WebhookBodies.Enqueue(json);
        var eventId = json["eventId"]!.GetValue<long>();
        if (key != $"reoptin-event-{eventId}" && json["test"]?.GetValue<bool>() != true) Violations.Enqueue($"Idempotency key {key} for event {eventId}");
        if (json["test"]?.GetValue<bool>() != true) WebhookAccepted.AddOrUpdate(eventId, 1, (_, n) => n + 1);
        context.Response.StatusCode = 204;
    }

    // ---- ActiveCampaign API v3.

    private bool AcAuthorised(HttpContext context, out IResult? refusal)
    {
        refusal = null;
        if (context.Request.Headers["Api-Token"].ToString() != AcToken)
        {
            Violations.Enqueue("ActiveCampaign call without the right Api-Token");
            refusal = Results.Json(new { message = "You are not authorized to access this resource" }, statusCode: 403);
            return false;
        }
        // The documented limit: 5 requests per second per account.
        var now = DateTime.UtcNow;
        lock (_acCalls)
        {
            while (_acCalls.TryPeek(out var oldest) && now - oldest >= TimeSpan.FromSeconds(1)) _acCalls.TryDequeue(out _);
            if (_acCalls.Count >= 5)
            {
                Interlocked.Increment(ref _acRateLimited);
                context.Response.Headers.RetryAfter = "1";
                refusal = Results.Json(new { message = "Rate limit exceeded" }, statusCode: 429);
                return false;
            }
            _acCalls.Enqueue(now);
        }
        return true;
    }

    private async Task<IResult> AcSync(HttpContext context)
    {
        if (!AcAuthorised(context, out var refusal)) return refusal!;
        var contact = (await ReadJsonAsync(context))?["contact"] as JsonObject;
        var email = contact?["email"]?.GetValue<string>();
        if (contact is null || email is null || !email.Contains('@', StringComparison.Ordinal))
            return AcError("Contact Email Address is not valid.", "email_invalid", "/data/attributes/email", "ActiveCampaign sync without contact.email");
        if (Refused.ContainsKey(email))
            return AcError("Contact Email Address is not valid.", "email_invalid", "/data/attributes/email", violation: null);
        foreach (var name in contact.Select(p => p.Key).Where(k => k is not ("email" or "firstName" or "lastName" or "phone" or "fieldValues")))
            Violations.Enqueue("ActiveCampaign sync with an undocumented property " + name);
        if (contact["fieldValues"] is JsonArray values)
            foreach (var v in values)
                if (v?["field"]?.GetValueKind() != JsonValueKind.String || !AcFields.Contains(v["field"]!.GetValue<string>()) || v["value"]?.GetValueKind() != JsonValueKind.String)
                    return AcError("Field not found or value invalid", "field_invalid", "/data/attributes/fieldValues", "ActiveCampaign fieldValues entry " + v?.ToJsonString());
        var stored = AcContacts.AddOrUpdate(email, _ => Stored(contact, Interlocked.Increment(ref _acNextId).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (_, old) => Stored(contact, old["id"]!.GetValue<string>()));
        return Results.Json(new JsonObject { ["fieldValues"] = contact["fieldValues"]?.DeepClone() ?? new JsonArray(), ["contact"] = stored.DeepClone() }, statusCode: 201);
    }

    private static JsonObject Stored(JsonObject contact, string id)
    {
        var copy = contact.DeepClone().AsObject();
        copy["id"] = id;
        return copy;
    }

    private async Task<IResult> AcContactList(HttpContext context)
    {
        if (!AcAuthorised(context, out var refusal)) return refusal!;
        var cl = (await ReadJsonAsync(context))?["contactList"] as JsonObject;
        if (cl?["list"]?.GetValueKind() != JsonValueKind.Number || cl["contact"]?.GetValueKind() != JsonValueKind.Number || cl["status"]?.GetValueKind() != JsonValueKind.Number)
            return AcError("Invalid contactList", "invalid", "/data/attributes", "ActiveCampaign contactList needs numeric list, contact and status: " + cl?.ToJsonString());
        if (cl["list"]!.GetValue<long>() != AcList) return AcError("List not found", "related_missing", "/data/attributes/list", "Unknown list " + cl["list"]);
        if (cl["status"]!.GetValue<int>() != 1) Violations.Enqueue("contactList status is not 1 (subscribed)");
        var contactId = cl["contact"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!AcContacts.Values.Any(c => c["id"]!.GetValue<string>() == contactId)) return AcError("Contact not found", "related_missing", "/data/attributes/contact", "Unknown contact " + contactId);
        AcSubscriptions.AddOrUpdate(contactId, 1, (_, n) => n + 1);
        return Results.Json(new JsonObject { ["contactList"] = cl.DeepClone() }, statusCode: 201);
    }

    private async Task<IResult> AcContactTag(HttpContext context)
    {
        if (!AcAuthorised(context, out var refusal)) return refusal!;
        var ct = (await ReadJsonAsync(context))?["contactTag"] as JsonObject;
        if (ct?["contact"]?.GetValueKind() != JsonValueKind.String || ct["tag"]?.GetValueKind() != JsonValueKind.String)
            return AcError("Invalid contactTag", "invalid", "/data/attributes", "ActiveCampaign contactTag needs contact and tag: " + ct?.ToJsonString());
        if (ct["tag"]!.GetValue<string>() != AcTag) return AcError("Tag not found", "related_missing", "/data/attributes/tag", "Unknown tag");
        AcTags.AddOrUpdate(ct["contact"]!.GetValue<string>(), 1, (_, n) => n + 1);
        return Results.Json(new JsonObject { ["contactTag"] = ct.DeepClone() }, statusCode: 201);
    }

    private IResult AcGetList(HttpContext context, string id)
    {
        if (!AcAuthorised(context, out var refusal)) return refusal!;
        return id == AcList.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? Results.Json(new { list = new { id, name = "Newsletter" } })
            : Results.Json(new { message = $"No Result found for List with id {id}" }, statusCode: 404);
    }

    private IResult AcError(string title, string code, string pointer, string? violation)
    {
        if (violation is not null) Violations.Enqueue(violation);
        return Results.Json(new { errors = new[] { new { title, detail = "", code, source = new { pointer } } } }, statusCode: 422);
    }

    // ---- Mailchimp Marketing API 3.0.

    private bool McAuthorised(HttpContext context, string dc, out IResult? refusal)
    {
        refusal = null;
        var auth = context.Request.Headers.Authorization.ToString();
        var password = auth.StartsWith("Basic ", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(auth[6..])).Split(':', 2).ElementAtOrDefault(1) : null;
        if (password != McKey)
        {
            Violations.Enqueue("Mailchimp call without basic auth and the key");
            refusal = McError(401, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
            return false;
        }
        if (dc != "us21")
        {
            Violations.Enqueue("Mailchimp call to data centre " + dc);
            refusal = McError(401, "API Key Invalid", "You've attempted to access the wrong datacenter.");
            return false;
        }
        return true;
    }

    private async Task<IResult> McPutMember(HttpContext context, string dc, string listId, string hash)
    {
        if (!McAuthorised(context, dc, out var refusal)) return refusal!;
        if (listId != McList) return McError(404, "Resource Not Found", "The requested resource could not be found.");
        var member = await ReadJsonAsync(context);
        var email = member?["email_address"]?.GetValue<string>();
        if (member is null || email is null)
        {
            Violations.Enqueue("Mailchimp member without email_address");
            return McError(400, "Invalid Resource", "The resource submitted could not be validated.", ("email_address", "This value should not be blank."));
        }
#pragma warning disable CA5351 // Mailchimp's member id, not security.
        var expected = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())));
#pragma warning restore CA5351
        if (hash != expected) Violations.Enqueue($"Subscriber hash {hash} is not the MD5 of the lowercased address");
        if (member["status_if_new"]?.GetValue<string>() != "subscribed" || member["status"]?.GetValue<string>() != "subscribed")
            Violations.Enqueue("Mailchimp member without status_if_new and status \"subscribed\"");
        if (member["merge_fields"] is not JsonObject merge || merge.Any(p => p.Value?.GetValueKind() != JsonValueKind.String))
            Violations.Enqueue("merge_fields must be an object of strings");
        if (member["marketing_permissions"] is JsonArray permissions
            && permissions.Any(p => p?["marketing_permission_id"]?.GetValueKind() != JsonValueKind.String || p["enabled"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)))
            Violations.Enqueue("marketing_permissions entries need marketing_permission_id and enabled");
        if (Refused.ContainsKey(email))
            return McError(400, "Invalid Resource", $"{email} looks fake or invalid, please enter a real email address.");
        McMembers[hash] = member;
        McPuts.AddOrUpdate(hash, 1, (_, n) => n + 1);
        var answer = member.DeepClone().AsObject();
        answer["id"] = hash;
        answer["list_id"] = listId;
        return Results.Json(answer);
    }

    private IResult McGetList(HttpContext context, string dc, string listId)
    {
        if (!McAuthorised(context, dc, out var refusal)) return refusal!;
        return listId == McList ? Results.Json(new { id = listId, name = "Newsletter" }) : McError(404, "Resource Not Found", "The requested resource could not be found.");
    }

    private static IResult McError(int status, string title, string detail, params (string Field, string Message)[] errors) =>
        Results.Json(new
        {
            type = "https://mailchimp.com/developer/marketing/docs/errors/",
            title,
            status,
            detail,
            instance = Guid.NewGuid().ToString(),
            errors = errors.Select(e => new { field = e.Field, message = e.Message }).ToArray(),
        }, statusCode: status, contentType: "application/problem+json");

    // ---- Helpers.

    private static async Task<string> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private async Task<JsonObject?> ReadJsonAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
            Violations.Enqueue($"{context.Request.Path} without a JSON content type");
        try
        {
            return JsonNode.Parse(await ReadAsync(context)) as JsonObject;
        }
        catch (JsonException)
        {
            Violations.Enqueue($"{context.Request.Path} body is not JSON");
            return null;
        }
    }

    private static Task Problem(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
