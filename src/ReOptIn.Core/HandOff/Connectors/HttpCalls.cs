using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace ReOptIn.Core.HandOff.Connectors;

/// <summary>
/// One HTTP call with the destination's time-out, turned into a <see cref="DeliveryResult"/>: 2xx
/// delivered; 408, 425, 429 and 5xx, time-outs and connection failures temporary (429's Retry-After
/// honoured); other 4xx permanent, with the service's own message.
/// </summary>
public static class HttpCalls
{
    public const string ClientName = "ReOptIn.HandOff";

    private const int MaxMessage = 500;

    internal static async Task<(DeliveryResult Result, string Body)> SendAsync(HttpClient http, HttpRequestMessage request, TimeSpan timeout,
        Func<string, string?> describeError, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, limit.Token);
            var body = await response.Content.ReadAsStringAsync(limit.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return (DeliveryResult.Delivered, body);
            var said = Clip(describeError(body) ?? (body.Length > 0 ? body : response.ReasonPhrase ?? ""));
            var what = $"{request.Method} {request.RequestUri?.AbsolutePath} answered {status}: {said}";
            if (status is 408 or 425 or 429 || status >= 500)
                return (DeliveryResult.Temporary(what, RetryAfter(response.Headers.RetryAfter)), body);
            return (DeliveryResult.Permanent(what), body);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (DeliveryResult.Temporary($"{request.Method} {request.RequestUri?.AbsolutePath}: no answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s."), "");
        }
        catch (HttpRequestException e)
        {
            var why = e.InnerException is SocketException s ? s.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "the connection was refused",
                SocketError.HostNotFound or SocketError.TryAgain => "the host name was not found",
                _ => s.Message,
            } : e.Message;
            return (DeliveryResult.Temporary($"{request.Method} {request.RequestUri?.Host}: {why}."), "");
        }
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    internal static string Clip(string text)
    {
        var one = text.ReplaceLineEndings(" ").Trim();
        return one.Length <= MaxMessage ? one : one[..MaxMessage] + "…";
    }

    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
