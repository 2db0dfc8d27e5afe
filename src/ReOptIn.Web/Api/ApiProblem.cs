namespace ReOptIn.Web.Api;

/// <summary>The API's one error shape: RFC 9457 problem details with a stable <c>code</c> and the fix in <c>detail</c>.</summary>
public static class ApiProblem
{
    public static IResult Of(string code, string title, string detail, int status, object? findings = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (findings is not null) extensions["findings"] = findings;
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }
}
