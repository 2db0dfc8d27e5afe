namespace ReOptIn.Core.Sending;

/// <summary>Checks relay settings the way sending will use them: connect, TLS, login, NOOP, QUIT.</summary>
public static class RelayConnectionTest
{
    public static async Task<RelayTestResult> RunAsync(RelaySettings s, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var steps = new List<string>();
        var connector = new RelayConnector(s);
        using var client = connector.CreateClient(timeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await connector.OpenAsync(client, steps, deadline.Token);
            await client.NoOpAsync(deadline.Token);
            steps.Add("The relay answered NOOP");
            await client.DisconnectAsync(quit: true, deadline.Token);
            steps.Add("Disconnected");
            var message = string.IsNullOrEmpty(s.Username)
                ? $"The relay at {s.Host}:{s.Port} accepts connections."
                : $"The relay at {s.Host}:{s.Port} accepts connections and the login for {s.Username}.";
            return new RelayTestResult(true, null, message, steps);
        }
        catch (Exception e) when (connector.Describe(e, timedOut: !ct.IsCancellationRequested) is { } problem)
        {
            return new RelayTestResult(false, problem.Problem, problem.Message, steps);
        }
    }
}
