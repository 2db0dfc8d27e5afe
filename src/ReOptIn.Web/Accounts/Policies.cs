namespace ReOptIn.Web.Accounts;

public static class Policies
{
    /// <summary>Admin pages and routes.</summary>
    public const string Admin = nameof(Admin);

    /// <summary>The JSON API: any staff role, authenticated by <c>X-Api-Key</c>.</summary>
    public const string Api = nameof(Api);

    /// <summary>The JSON API's admin routes.</summary>
    public const string ApiAdmin = nameof(ApiAdmin);

    /// <summary>The OpenAPI document: a signed-in person or an API key.</summary>
    public const string ApiDocument = nameof(ApiDocument);
}
