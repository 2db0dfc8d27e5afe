using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ReOptIn.IntegrationTests.Support;

/// <summary>A script using the JSON API with an admin's key (created by <see cref="BootstrapSettings"/>).</summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    public const string Key = "test-api-key-0123456789abcdef0123456789abcdef";

    public static readonly Dictionary<string, string?> BootstrapSettings = new()
    {
        ["Bootstrap:AdminEmail"] = "ops.person@example.com",
        ["Bootstrap:AdminPassword"] = "a long bootstrap password",
        ["Bootstrap:ApiKey"] = Key,
    };

    public HttpClient Http { get; } = http;

    public static ApiClient Open(ReOptInFactory app)
    {
        var http = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return new ApiClient(http);
    }

    public async Task<int> CreateListAsync(string name = "Shop customers", string source = "You bought from our shop")
    {
        var response = await Http.PostAsJsonAsync("/api/v1/lists", new { name, source });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    public Task<HttpResponseMessage> UploadAsync(int listId, byte[] content, string fileName, IDictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        foreach (var (k, v) in fields ?? new Dictionary<string, string>()) form.Add(new StringContent(v), k);
        return Http.PostAsync($"/api/v1/lists/{listId}/imports", form);
    }

    /// <summary>Uploads and waits for the import to finish; returns its final state.</summary>
    public async Task<JsonElement> ImportAsync(int listId, byte[] content, string fileName, IDictionary<string, string>? fields = null)
    {
        var response = await UploadAsync(listId, content, fileName, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Upload answered {(int)response.StatusCode}: {body}");
        return await WaitAsync(JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64());
    }

    public async Task<JsonElement> WaitAsync(long importId, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var state = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/imports/{importId}");
            var status = state.GetProperty("status").GetString();
            if (status is "completed" or "failed" or "cancelled") return state;
            Assert.True(DateTime.UtcNow < until, $"Import {importId} still {status} after the time limit.");
            await Task.Delay(100);
        }
    }

    public async Task<JsonElement> ContactsAsync(int listId, int skip = 0, int take = 500) =>
        await Http.GetFromJsonAsync<JsonElement>($"/api/v1/lists/{listId}/contacts?skip={skip}&take={take}");

    public void Dispose() => Http.Dispose();
}
